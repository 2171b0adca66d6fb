import "server-only";
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { namedStatement, type Db, type DbOrTx } from "@/db/client";
import { outgoingSms, type SmsAccount } from "@/db/schema";
import { credits, creditsToDb, type Credits } from "../credits/amounts";
import { claimKey, fingerprint, recordAnswer, type IdempotencyClaim } from "../idempotency";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import { InsufficientCreditsError, postEntry, type Actor } from "../credits/ledger";
import { decideBalanceAlert } from "../alerts/balance-alerts";
import { emailConfigured } from "../alerts/mailer";
import { settleAfterDebit } from "../billing/order-settlement";
import { decideRecredit, type TriggerResult } from "../recredit/trigger";
import { smsReference, smsRefundReference } from "@/lib/credits/ledger-references";
import { refusalTable } from "../refusals";
import { isCanonicalId, MAX_INT8 } from "../validation/common";
import type { Subsidiary } from "../billing/subsidiaries";
import { queueDeliveryCallbacks } from "./callbacks";
import { getCarrier, type Carrier, type DeliveryReport } from "./carrier";
import { countryNames } from "./cost";
import type { Coding } from "./encoding";
import { estimateSend } from "./estimate";

/**
 * Sending SMS (the consumption that moves balances down). Cost = Σ over recipients of destination rate × parts.
 * All or nothing: when the credits are short nothing is sent and the refusal says how many are missing. The debit,
 * the outgoing rows (pending), the re-credit decision and the hand-off job are one transaction; after the commit the
 * messages go to the carrier (this request's fast path, else the handoff-sms job), their delivery states are
 * recorded, and the credits of a message the carrier could not deliver for a reason not the recipient's come back.
 */
export const SENDER_PATTERN = /^(?:[A-Za-z0-9 ]{1,11}|\+?\d{3,15})$/;
export const MESSAGE_MAX_LENGTH = 153 * 255;

export type SendRefusal =
  | { code: "account_not_found" }
  | { code: "account_disabled" }
  | { code: "message_required" }
  | { code: "message_too_long" }
  | { code: "sender_invalid" }
  | { code: "no_valid_recipient"; invalid: string }
  /** Every number is valid but no destination of them has a rate: `countries` are ISO codes, named by the caller. */
  | { code: "no_rate"; countries: string[]; numbers: string }
  | { code: "insufficient_credits"; balance: Credits; cost: Credits; missing: Credits }
  | { code: "idempotency_conflict" };

export const SEND_REFUSALS = refusalTable<SendRefusal>("send", {
  account_not_found: { status: 404 },
  account_disabled: {},
  message_required: { field: "message" },
  message_too_long: { field: "message" },
  sender_invalid: { field: "sender" },
  no_valid_recipient: { field: "receivers" },
  no_rate: { field: "receivers", params: (r, { locale }) => ({ countries: countryNames(r.countries, locale) }) },
  insufficient_credits: {},
  idempotency_conflict: { status: 409 },
});


/*
 * The statements of a send, compiled once (see namedStatement): a send is the panel's most frequent write, and
 * building these queries per call cost more Node.js time than PostgreSQL spent on them.
 */
/** The account, its subsidiary and the subsidiary's rates (a few dozen), in one round trip. */
const accountForSend = namedStatement<
  { id: number; status: SmsAccount["status"]; subsidiary: Subsidiary; rates: string | null },
  "customer" | "serviceName"
>(
  "send_account",
  (v) => sql`
    select s.id, s.status, c.subsidiary,
           (select json_object_agg(r.country_code, r.credits::text)::text from destination_rates r
            where r.subsidiary = c.subsidiary) as rates
    from sms_accounts s join customer_accounts c on c.id = s.customer_account_id
    where s.customer_account_id = ${v("customer")}::int and s.service_name = ${v("serviceName")}::text`,
);

/** One row per recipient, whatever their number, in recipient order. */
const insertOutgoing = namedStatement<
  { id: string; receiver: string },
  "account" | "receivers" | "sender" | "message" | "encoding" | "parts" | "credits" | "tag" | "entry" | "differed" | "smsClass" | "priority" | "validity"
>(
  "send_insert_outgoing",
  (v) => sql`
    insert into outgoing_sms (sms_account_id, receiver, sender, message, encoding, parts, credits, tag, ledger_entry_id,
                              deliver_after, sms_class, priority, validity_period)
    select ${v("account")}::int, r.receiver, ${v("sender")}::text, ${v("message")}::text, ${v("encoding")}::text,
           ${v("parts")}::int, r.credits, ${v("tag")}::text, ${v("entry")}::bigint,
           case when ${v("differed")}::int > 0 then now() + make_interval(mins => ${v("differed")}::int) end,
           ${v("smsClass")}::text, ${v("priority")}::text, ${v("validity")}::int
    from unnest(${v("receivers")}::text[], ${v("credits")}::numeric[]) with ordinality as r(receiver, credits, n)
    order by r.n
    returning id::text as id, receiver`,
);

/** The carrier's reports, all in one statement; only messages still pending (a report is recorded once). */
const recordDelivery = namedStatement<{ id: string }, "ids" | "statuses" | "ptts">(
  "send_record_delivery",
  (v) => sql`
    update outgoing_sms o
    set status = r.status::outgoing_status, ptt = r.ptt, delivered_at = case when r.status = 'delivered' then now() end,
        handoff_claimed_until = null
    -- Statuses as text[]: PGlite cannot send an array of an enum type.
    from unnest(${v("ids")}::bigint[], ${v("statuses")}::text[], ${v("ptts")}::int[]) as r(id, status, ptt)
    where o.id = r.id and o.status = 'pending'
    returning o.id::text as id`,
);

/** How long a hand-off holds its messages: a worker that died mid-way lets them go after this. */
export const HANDOFF_LEASE_SECONDS = 15;

/** Claims the pending messages among `ids` that nobody is handing off now. */
const claimForHandoff = namedStatement<{ id: string; sms_account_id: number; receiver: string; sender: string; message: string }, "ids">(
  "send_claim_handoff",
  (v) => sql`
    update outgoing_sms o
    set handoff_claimed_until = now() + make_interval(secs => ${HANDOFF_LEASE_SECONDS})
    where o.id = any(${v("ids")}::bigint[]) and o.status = 'pending'
      and (o.deliver_after is null or o.deliver_after <= now())
      and (o.handoff_claimed_until is null or o.handoff_claimed_until < now())
    returning o.id::text as id, o.sms_account_id, o.receiver, o.sender, o.message`,
);

function parseRates(json: string | null): Map<string, Credits> {
  return new Map(Object.entries(JSON.parse(json ?? "{}") as Record<string, string>).map(([country, rate]) => [country, credits(rate)]));
}

export type SendRequest = {
  customerAccountId: number;
  serviceName: string;
  message: string;
  receivers: string | string[];
  sender: string;
  noStopClause?: boolean;
  tag?: string;
  /** OVHcloud's job options (POST /sms/{serviceName}/jobs); the panel's form leaves them to their defaults. */
  options?: SendOptions;
  idempotency?: IdempotencyClaim;
  actor: Actor;
};

export const SMS_CLASSES = ["flash", "phoneDisplay", "sim", "toolkit"] as const;
export const PRIORITIES = ["high", "medium", "low", "veryLow"] as const;
export const CODINGS = ["7bit", "8bit"] as const;
export type SendOptions = {
  /** Send from the carrier's short number that can receive replies, instead of a sender. */
  senderForResponse?: boolean;
  smsClass?: (typeof SMS_CLASSES)[number];
  priority?: (typeof PRIORITIES)[number];
  /** 7bit: GSM 03.38 when every character allows it (else UCS-2); 8bit: always UCS-2 (unicode). */
  coding?: Coding;
  /** Minutes the carrier keeps trying to deliver. */
  validityPeriod?: number;
  /** Minutes before the hand-off (a scheduled send): the credits are taken now, the carrier gets it then. */
  differedPeriod?: number;
};

export type SendResult =
  | {
      ok: true;
      ids: bigint[];
      validReceivers: string[];
      invalidReceivers: string[];
      totalCreditsRemoved: Credits;
      creditsLeft: Credits;
      tag: string;
      replayed: boolean;
      /** The automatic re-credit this send's debit fired, if any. */
      recredit: TriggerResult;
    }
  | ({ ok: false } & SendRefusal);

export async function sendSms(db: Db, request: SendRequest, carrier: Carrier = getCarrier()): Promise<SendResult> {
  const [account] = await accountForSend(db, { customer: request.customerAccountId, serviceName: request.serviceName });
  if (!account) return { ok: false, code: "account_not_found" };
  if (account.status !== "enable") return { ok: false, code: "account_disabled" };
  if (request.message.trim() === "") return { ok: false, code: "message_required" };
  if (request.message.length > MESSAGE_MAX_LENGTH) return { ok: false, code: "message_too_long" };
  const options = request.options ?? {};
  const sender = options.senderForResponse ? carrier.replyShortCode : request.sender.trim();
  if (!SENDER_PATTERN.test(sender)) return { ok: false, code: "sender_invalid" };
  const differed = options.differedPeriod ?? 0;

  const estimate = estimateSend(parseRates(account.rates), {
    subsidiary: account.subsidiary,
    message: request.message,
    receivers: request.receivers,
    noStopClause: request.noStopClause ?? false,
    coding: options.coding,
  });
  if (estimate.measure.tooLong) return { ok: false, code: "message_too_long" };
  if (estimate.recipients.length === 0) {
    if (estimate.invalid.length === 0 && estimate.unrated.length > 0) {
      const countries = [...new Set(estimate.unrated.map((r) => r.country))];
      return { ok: false, code: "no_rate", countries, numbers: estimate.unrated.map((r) => r.e164).join(", ") };
    }
    return { ok: false, code: "no_valid_recipient", invalid: [...estimate.invalid, ...estimate.unrated.map((r) => r.e164)].join(", ") };
  }
  const claim = request.idempotency;
  const tag = request.tag ?? "";

  const result = await db.transaction(async (tx): Promise<SendResult> => {
    if (claim) {
      const print = fingerprint("send", { serviceName: request.serviceName, text: estimate.text, receivers: estimate.recipients.map((r) => r.e164), sender, tag, options });
      const claimed = await claimKey<SendResult>(tx, claim, print);
      if (claimed.state === "replay") return claimed.result.ok ? { ...claimed.result, replayed: true } : claimed.result;
      if (claimed.state === "conflict") return { ok: false, code: "idempotency_conflict" };
    }
    const answer = async (r: SendResult) => {
      if (claim) await recordAnswer(tx, claim, r);
      return r;
    };
    let posted;
    try {
      posted = await postEntry(tx, {
        smsAccountId: account.id,
        kind: "sms_consumption",
        amount: -estimate.total,
        coded: smsReference(estimate.recipients.length),
        reference: tag,
        actor: request.actor,
      });
    } catch (error) {
      // The conditional update moved nothing: the transaction is intact and records the refusal.
      if (!(error instanceof InsufficientCreditsError)) throw error;
      return answer({ ok: false, code: "insufficient_credits", balance: error.balance, cost: estimate.total, missing: estimate.total - error.balance });
    }
    const rows = await insertOutgoing(tx, {
      account: account.id,
      receivers: estimate.recipients.map((r) => r.e164),
      sender,
      message: estimate.text,
      encoding: estimate.measure.encoding,
      parts: estimate.measure.parts,
      credits: estimate.recipients.map((r) => creditsToDb(r.cost)),
      tag,
      entry: posted.entryId.toString(),
      differed,
      smsClass: options.smsClass ?? "phoneDisplay",
      priority: options.priority ?? "high",
      validity: options.validityPeriod ?? 2880,
    });
    const recredit = posted.atThreshold ? await decideRecredit(tx, account.id, { triggerEntryId: posted.entryId }) : ({ fired: false } as const);
    if (posted.atAlert) await decideBalanceAlert(tx, account.id, { triggerEntryId: posted.entryId, emailConfigured: emailConfigured() });
    // A scheduled send is handed off by its job at the time asked; otherwise the job is the fast path's safety net.
    await enqueue(tx, QUEUES.handoffSms, { ids: rows.map((m) => m.id) }, differed > 0 ? { startAfterSeconds: differed * 60 } : {});
    return answer({
      ok: true,
      ids: rows.map((m) => BigInt(m.id)),
      validReceivers: estimate.recipients.map((r) => r.e164),
      invalidReceivers: [...estimate.invalid, ...estimate.unrated.map((r) => r.e164)],
      totalCreditsRemoved: estimate.total,
      creditsLeft: posted.balanceAfter,
      tag,
      replayed: false,
      recredit,
    });
  });
  if (!result.ok || result.replayed) return result;
  // The fast path, after the commit: the re-credit this debit fired is charged, then the messages go to the carrier.
  const settled = await settleAfterDebit(db, result.recredit);
  if (differed === 0) await handOffSms(db, result.ids.map(String), carrier);
  return { ...result, recredit: settled.trigger, creditsLeft: settled.balance ?? result.creditsLeft };
}

/**
 * Hands messages to the carrier and records their reports; a message the carrier could not deliver for a reason not
 * the recipient's gets its credits back (once: the refund is written with its entry's id on the message). Returns
 * how many of `ids` are still pending (being handed off elsewhere, or the carrier failed): the job then retries.
 */
export async function handOffSms(db: Db, ids: string[], carrier: Carrier = getCarrier()): Promise<{ pending: number }> {
  if (ids.length === 0) return { pending: 0 };
  const claimed = await claimForHandoff(db, { ids });
  const reports: Array<{ message: (typeof claimed)[number]; report: DeliveryReport }> = [];
  for (const message of claimed) {
    const report = await carrier.submit({ id: message.id, receiver: message.receiver, sender: message.sender, text: message.message });
    reports.push({ message, report });
  }
  if (reports.length > 0) {
    // The reports and the calls of the customer's callBack / stopCallBack URLs they make, with their jobs: one transaction.
    await db.transaction(async (tx) => {
      const recorded = await recordDelivery(tx, {
        ids: reports.map((r) => r.message.id),
        statuses: reports.map((r) => r.report.status),
        ptts: reports.map((r) => r.report.ptt),
      });
      await queueDeliveryCallbacks(tx, recorded.map((r) => r.id));
    });
  }
  for (const { message, report } of reports) {
    if (report.status === "failed" && report.refundable) await refundUndelivered(db, BigInt(message.id));
  }
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outgoingSms)
    .where(and(inArray(outgoingSms.id, ids.map(BigInt)), eq(outgoingSms.status, "pending")));
  return { pending: left?.n ?? 0 };
}

/** Gives back the credits of one undelivered message, once. */
export async function refundUndelivered(db: Db, outgoingId: bigint): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [message] = await tx
      .select()
      .from(outgoingSms)
      .where(and(eq(outgoingSms.id, outgoingId), eq(outgoingSms.status, "failed"), sql`${outgoingSms.refundEntryId} is null`))
      .for("update");
    if (!message) return false;
    const { entryId } = await postEntry(tx, {
      smsAccountId: message.smsAccountId,
      kind: "adjustment",
      amount: message.credits,
      coded: smsRefundReference(message.id, message.receiver, message.ptt),
      actor: { type: "system", label: "carrier refund" },
    });
    await tx.update(outgoingSms).set({ refundEntryId: entryId }).where(eq(outgoingSms.id, message.id));
    return true;
  });
}

/** Messages still pending after `olderThanSeconds`, for the housekeeping sweep. */
export async function stalePendingSms(db: DbOrTx, olderThanSeconds: number): Promise<string[]> {
  const rows = await db
    .select({ id: outgoingSms.id })
    .from(outgoingSms)
    .where(
      and(
        eq(outgoingSms.status, "pending"),
        lt(outgoingSms.createdAt, new Date(Date.now() - olderThanSeconds * 1000)),
        // A scheduled message is not stale before its time.
        or(isNull(outgoingSms.deliverAfter), lt(outgoingSms.deliverAfter, new Date(Date.now() - olderThanSeconds * 1000))),
      ),
    )
    .limit(1000);
  return rows.map((r) => r.id.toString());
}

/** One page of an account's outgoing SMS, newest first, and the key of the next (older) page when there is one. */
export async function listOutgoing(db: DbOrTx, smsAccountId: number, page: { limit: number; beforeId?: bigint }) {
  const rows = await db
    .select()
    .from(outgoingSms)
    .where(and(eq(outgoingSms.smsAccountId, smsAccountId), page.beforeId !== undefined ? lt(outgoingSms.id, page.beforeId) : undefined))
    .orderBy(desc(outgoingSms.id))
    .limit(page.limit + 1);
  const sms = rows.slice(0, page.limit);
  return { sms, nextBeforeId: rows.length > page.limit ? sms.at(-1)!.id : null };
}

/** A page key as a link carries it (`?before=`): a canonical id, else none (a stale or hand-edited link starts at the newest). */
export function parseOutgoingBefore(value: unknown): bigint | undefined {
  return typeof value === "string" && isCanonicalId(value, MAX_INT8) ? BigInt(value) : undefined;
}

/** The ids of an account's outgoing SMS, newest first; only those still waiting for their time with `pendingOnly`. */
export async function outgoingIds(db: DbOrTx, smsAccountId: number, options: { pendingOnly?: boolean } = {}): Promise<bigint[]> {
  const rows = await db
    .select({ id: outgoingSms.id })
    .from(outgoingSms)
    .where(and(eq(outgoingSms.smsAccountId, smsAccountId), options.pendingOnly ? eq(outgoingSms.status, "pending") : undefined))
    .orderBy(desc(outgoingSms.id));
  return rows.map((r) => r.id);
}

/** One outgoing SMS of the account (null for another account's id); only a pending one with `pendingOnly`. */
export async function findOutgoing(db: DbOrTx, smsAccountId: number, id: bigint, options: { pendingOnly?: boolean } = {}) {
  const [row] = await db
    .select()
    .from(outgoingSms)
    .where(and(eq(outgoingSms.smsAccountId, smsAccountId), eq(outgoingSms.id, id), options.pendingOnly ? eq(outgoingSms.status, "pending") : undefined));
  return row ?? null;
}
