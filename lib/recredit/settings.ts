import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { smsAccounts, type SmsAccount } from "@/db/schema";
import { creditsToDb, type Credits } from "../credits/amounts";
import { claimKey, fingerprint, recordAnswer, type IdempotencyClaim } from "../idempotency";
import type { Actor } from "../credits/ledger";
import { settleAfterDebit } from "../billing/order-settlement";
import { conditionsFor, decideRecredit, recordSettingChange, type TriggerResult } from "./trigger";
import { parseMonthlyCap, type CapParse } from "./cap";
import { parseRecreditSettings, type SettingsRefusal } from "./rules";
import { refusalTable } from "../refusals";

/**
 * Saving the automatic re-credit settings (the panel's Options page and the API's PUT /sms/{serviceName}): switching
 * off is always allowed, switching on checks the conditions; a change is recorded with who made it (an unchanged
 * save records nothing); then, if the balance is already at or below the threshold, the re-credit is decided in
 * the same transaction and charged right after the commit.
 */
export type SaveSettingsRequest = {
  customerAccountId: number;
  serviceName: string;
  threshold: string | number;
  amount: string | number | null;
  /** The monthly spending cap in the customer's currency ("150.00"; "" or null: none); undefined keeps it. */
  monthlyCap?: string | null;
  /** Fields left out keep their value (the API's partial PUT). */
  keep?: { threshold?: boolean; amount?: boolean };
  actor: Actor;
  idempotency?: IdempotencyClaim;
  now?: Date;
};

export type SaveSettingsResult =
  | {
      ok: true;
      account: SmsAccount;
      trigger: TriggerResult;
      changed: boolean;
      balance: Credits;
      /** Whether both conditions to switch it on hold now (an off re-credit saved while they do not says so). */
      conditionsMet: boolean;
    }
  | ({ ok: false } & SaveSettingsRefusal);

export type SaveSettingsRefusal = SettingsRefusal | { code: Exclude<CapParse, { ok: true }>["code"] } | { code: "account_not_found" } | { code: "idempotency_conflict" };

export const RECREDIT_REFUSALS = refusalTable<SaveSettingsRefusal>("recredit", {
  threshold_required: { field: "threshold" },
  threshold_invalid: { field: "threshold" },
  threshold_too_precise: { field: "threshold" },
  threshold_ambiguous: { field: "threshold" },
  threshold_negative: { field: "threshold" },
  amount_invalid: { field: "amount" },
  no_valid_mandate: {},
  account_too_young: {},
  account_not_found: { status: 404 },
  idempotency_conflict: { status: 409 },
  cap_invalid: { field: "monthlyCap" },
  cap_too_precise: { field: "monthlyCap" },
  cap_not_positive: { field: "monthlyCap" },
  cap_too_large: { field: "monthlyCap" },
});

export async function saveRecreditSettings(db: Db, request: SaveSettingsRequest): Promise<SaveSettingsResult> {
  const now = request.now ?? new Date();
  const result = await db.transaction(async (tx): Promise<SaveSettingsResult> => {
    const claim = request.idempotency;
    if (claim) {
      const print = fingerprint("recredit-settings", {
        serviceName: request.serviceName,
        threshold: String(request.threshold),
        amount: request.amount === null ? null : String(request.amount),
        keep: request.keep ?? {},
        ...(request.monthlyCap !== undefined ? { monthlyCap: request.monthlyCap } : {}),
      });
      const claimed = await claimKey<SaveSettingsResult>(tx, claim, print);
      if (claimed.state === "replay") return claimed.result;
      if (claimed.state === "conflict") return { ok: false, code: "idempotency_conflict" };
    }
    const answer = async (r: SaveSettingsResult) => {
      if (claim) await recordAnswer(tx, claim, r);
      return r;
    };
    const [account] = await tx
      .select()
      .from(smsAccounts)
      .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)))
      .for("update");
    if (!account) return answer({ ok: false, code: "account_not_found" });
    const parsed = parseRecreditSettings({
      threshold: request.keep?.threshold ? creditsToDb(account.recreditThreshold) : request.threshold,
      amount: request.keep?.amount ? account.recreditAmount : request.amount,
    });
    if (!parsed.ok) return answer(parsed);
    const cap = request.monthlyCap === undefined ? ({ ok: true, capMinor: account.recreditMonthlyCapMinor } as const) : parseMonthlyCap(request.monthlyCap);
    if (!cap.ok) return answer(cap);
    const conditions = await conditionsFor(tx, account, now);
    if (parsed.amount !== null) {
      if (!conditions.mandate.met) return answer({ ok: false, code: "no_valid_mandate" });
      if (!conditions.age.met) return answer({ ok: false, code: "account_too_young", eligibleFrom: conditions.age.eligibleFrom });
    }
    const changed =
      parsed.threshold !== account.recreditThreshold || parsed.amount !== account.recreditAmount || cap.capMinor !== account.recreditMonthlyCapMinor;
    let updated = account;
    if (changed) {
      [updated] = await tx
        .update(smsAccounts)
        .set({ recreditThreshold: parsed.threshold, recreditAmount: parsed.amount, recreditMonthlyCapMinor: cap.capMinor, recreditConsecutiveFailures: 0 })
        .where(eq(smsAccounts.id, account.id))
        .returning() as [SmsAccount];
      await recordSettingChange(tx, {
        smsAccountId: account.id,
        threshold: parsed.threshold,
        amount: parsed.amount,
        monthlyCapMinor: cap.capMinor,
        actorType: request.actor.type,
        actorUserId: request.actor.type === "system" ? null : request.actor.userId,
        actorLabel: request.actor.label,
      });
    }
    const trigger = await decideRecredit(tx, account.id, { now });
    const [fresh] = await tx.select().from(smsAccounts).where(eq(smsAccounts.id, account.id));
    return answer({ ok: true, account: fresh ?? updated, trigger, changed, balance: (fresh ?? updated).creditsLeft, conditionsMet: conditions.met });
  });
  return afterCommit(db, result);
}

/** The fast path: a re-credit decided by this save is charged now (the queued job would otherwise do it). */
async function afterCommit(db: Db, result: SaveSettingsResult): Promise<SaveSettingsResult> {
  if (!result.ok || !result.trigger.fired || result.trigger.orderId === null) return result;
  const settled = await settleAfterDebit(db, result.trigger);
  const [account] = await db.select().from(smsAccounts).where(eq(smsAccounts.id, result.account.id));
  return { ...result, account: account ?? result.account, balance: settled.balance ?? result.balance, trigger: settled.trigger };
}
