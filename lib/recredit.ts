import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import {
  customerAccounts,
  paymentMethods,
  recreditAttempts,
  recreditSettingChanges,
  smsAccounts,
  type PaymentMethod,
  type RecreditAttempt,
  type SmsAccount,
} from "@/db/schema";
import { creditsToDb, type Credits } from "./credits";
import type { Actor } from "./ledger";
import { creditPaidOrder, insertPendingOrder, markOrderFailed } from "./order-records";
import { getPaymentProvider } from "./payments/provider";
import { quoteForSubsidiary } from "./price-tiers";
import {
  MAX_CONSECUTIVE_FAILURES,
  parseRecreditSettings,
  recreditConditions,
  recreditDue,
  type RecreditConditions,
  type SettingsRefusal,
} from "./recredit-rules";

/**
 * Automatic re-credit. After every debit (inside the debit's transaction, while the account row is locked) and
 * when the settings are saved: if the balance is at or below the threshold, exactly one re-credit of the chosen
 * amount, billed to the customer's valid SEPA mandate at the tier price. Conditions are checked again at that
 * moment; a failed attempt is recorded with its reason, and the third failure in a row switches the option off.
 */

/** The customer's valid SEPA direct debit mandate (the default one first), or null. */
export async function validMandate(db: DbOrTx, customerAccountId: number): Promise<PaymentMethod | null> {
  const [mandate] = await db
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.customerAccountId, customerAccountId),
        eq(paymentMethods.type, "sepa_direct_debit"),
        eq(paymentMethods.status, "valid"),
      ),
    )
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id))
    .limit(1);
  return mandate ?? null;
}

export async function conditionsFor(db: DbOrTx, account: SmsAccount, now = new Date()): Promise<RecreditConditions> {
  const mandate = await validMandate(db, account.customerAccountId);
  return recreditConditions({ createdAt: account.createdAt, now, hasValidMandate: mandate !== null });
}

export type FailureReason =
  | "no_valid_mandate"
  | "account_too_young"
  | "account_disabled"
  | "no_price"
  | "payment_declined"
  | "payment_insufficient_funds"
  | "payment_mandate_revoked"
  | "payment_method_not_valid"
  | "payment_provider_error";

export type TriggerResult =
  | { fired: false }
  | { fired: true; attempt: RecreditAttempt; balance: Credits };

/**
 * Runs the trigger for one account inside the caller's transaction. The caller holds the account's row lock (a
 * debit's update, or the settings' SELECT … FOR UPDATE), so concurrent debits see each other's re-credits and one
 * debit can never fire two.
 */
export async function runRecreditTrigger(tx: Tx, smsAccountId: number, now = new Date()): Promise<TriggerResult> {
  const [row] = await tx
    .select({ account: smsAccounts, subsidiary: customerAccounts.subsidiary })
    .from(smsAccounts)
    .innerJoin(customerAccounts, eq(customerAccounts.id, smsAccounts.customerAccountId))
    .where(eq(smsAccounts.id, smsAccountId));
  if (!row) return { fired: false };
  const { account, subsidiary } = row;
  const amount = account.recreditAmount;
  if (amount === null || !recreditDue({ amount, threshold: account.recreditThreshold }, account.creditsLeft)) return { fired: false };

  const fail = async (reason: FailureReason, orderId?: number): Promise<TriggerResult> => {
    const failures = account.recreditConsecutiveFailures + 1;
    const switchedOff = failures >= MAX_CONSECUTIVE_FAILURES;
    await tx
      .update(smsAccounts)
      .set(switchedOff ? { recreditConsecutiveFailures: 0, recreditAmount: null } : { recreditConsecutiveFailures: failures })
      .where(eq(smsAccounts.id, account.id));
    const [attempt] = await tx
      .insert(recreditAttempts)
      .values({ smsAccountId: account.id, status: "failed", amount, reason, switchedOff, orderId: orderId ?? null })
      .returning();
    return { fired: true, attempt: attempt!, balance: account.creditsLeft };
  };

  if (account.status !== "enable") return fail("account_disabled");
  const mandate = await validMandate(tx, account.customerAccountId);
  const conditions = recreditConditions({ createdAt: account.createdAt, now, hasValidMandate: mandate !== null });
  if (!conditions.mandate.met || !mandate) return fail("no_valid_mandate");
  if (!conditions.age.met) return fail("account_too_young");
  const quote = await quoteForSubsidiary(tx, subsidiary, amount);
  if (!quote) return fail("no_price");

  const order = await insertPendingOrder(tx, {
    customerAccountId: account.customerAccountId,
    smsAccountId: account.id,
    kind: "auto_recredit",
    quote,
    paymentMethodId: mandate.id,
  });
  // The sandbox answers at once; a real SEPA provider would accept the collection request here and settle later.
  const charge = await getPaymentProvider().charge({
    paymentMethod: mandate,
    amountMinor: quote.totalMinor,
    currency: quote.currency,
    description: `Automatic re-credit of ${amount} SMS credits for ${account.serviceName} (order ${order.id})`,
    idempotencyKey: `order-${order.id}`,
  });
  if (!charge.ok) {
    await markOrderFailed(tx, order.id, charge.reason);
    return fail(`payment_${charge.reason}` as FailureReason, order.id);
  }
  // The order was created pending in this very transaction: nobody else can have settled it.
  const { balanceAfter } = (await creditPaidOrder(tx, order.id, { type: "system", label: "automatic re-credit" }, now))!;
  await tx.update(smsAccounts).set({ recreditConsecutiveFailures: 0 }).where(eq(smsAccounts.id, account.id));
  const [attempt] = await tx
    .insert(recreditAttempts)
    .values({ smsAccountId: account.id, status: "succeeded", amount, orderId: order.id })
    .returning();
  return { fired: true, attempt: attempt!, balance: balanceAfter };
}

export type SaveSettingsRequest = {
  customerAccountId: number;
  serviceName: string;
  threshold: string | number;
  amount: string | number | null;
  /** Fields left out keep their value (the API's partial PUT). */
  keep?: { threshold?: boolean; amount?: boolean };
  actor: Actor;
  now?: Date;
};

export type SaveSettingsResult =
  | { ok: true; account: SmsAccount; trigger: TriggerResult }
  | ({ ok: false } & (SettingsRefusal | { code: "account_not_found" }));

/** Saves the settings (switching off is always allowed), records who changed them, then runs the trigger. */
export async function saveRecreditSettings(db: Db, request: SaveSettingsRequest): Promise<SaveSettingsResult> {
  const now = request.now ?? new Date();
  return db.transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(smsAccounts)
      .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)))
      .for("update");
    if (!account) return { ok: false as const, code: "account_not_found" as const };
    const parsed = parseRecreditSettings({
      threshold: request.keep?.threshold ? creditsToDb(account.recreditThreshold) : request.threshold,
      amount: request.keep?.amount ? account.recreditAmount : request.amount,
    });
    if (!parsed.ok) return parsed;
    if (parsed.amount !== null) {
      const conditions = await conditionsFor(tx, account, now);
      if (!conditions.mandate.met) return { ok: false as const, code: "no_valid_mandate" as const };
      if (!conditions.age.met) {
        return { ok: false as const, code: "account_too_young" as const, eligibleFrom: conditions.age.eligibleFrom };
      }
    }
    const [updated] = await tx
      .update(smsAccounts)
      .set({ recreditThreshold: parsed.threshold, recreditAmount: parsed.amount, recreditConsecutiveFailures: 0 })
      .where(eq(smsAccounts.id, account.id))
      .returning();
    await tx.insert(recreditSettingChanges).values({
      smsAccountId: account.id,
      threshold: parsed.threshold,
      amount: parsed.amount,
      actorType: request.actor.type,
      actorUserId: request.actor.type === "system" ? null : request.actor.userId,
      actorLabel: request.actor.label,
    });
    const trigger = await runRecreditTrigger(tx, account.id, now);
    const [fresh] = await tx.select().from(smsAccounts).where(eq(smsAccounts.id, account.id));
    return { ok: true as const, account: fresh ?? updated!, trigger };
  });
}

export async function recentAttempts(db: DbOrTx, smsAccountId: number, limit = 5): Promise<RecreditAttempt[]> {
  return db
    .select()
    .from(recreditAttempts)
    .where(eq(recreditAttempts.smsAccountId, smsAccountId))
    .orderBy(desc(recreditAttempts.id))
    .limit(limit);
}

export async function settingChanges(db: DbOrTx, smsAccountId: number, limit = 5) {
  return db
    .select()
    .from(recreditSettingChanges)
    .where(eq(recreditSettingChanges.smsAccountId, smsAccountId))
    .orderBy(desc(recreditSettingChanges.id))
    .limit(limit);
}

