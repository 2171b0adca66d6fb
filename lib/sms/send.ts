import { and, desc, eq, lt, sql } from "drizzle-orm";
import { namedStatement, type Db, type DbOrTx } from "@/db/client";
import { outgoingSms, type SmsAccount } from "@/db/schema";
import { credits, creditsToDb, type Credits } from "../credits";
import { InsufficientCreditsError, postEntry, type Actor } from "../ledger";
import { SUBSIDIARY_INFO, type Subsidiary } from "../subsidiaries";
import { getCarrier, type Carrier, type DeliveryReport } from "./carrier";
import { priceRecipients, type PricedRecipients } from "./cost";
import { measureMessage, messageToSend, type MessageMeasure } from "./encoding";
import { parseRecipients } from "./recipients";

/**
 * Sending SMS (the consumption that moves balances down). Cost = Σ over recipients of destination rate × parts.
 * All or nothing: when the credits are short nothing is sent and the refusal says how many are missing. The debit
 * and the outgoing rows are one transaction (the automatic re-credit may follow in it); then each message goes to
 * the carrier and its delivery state is recorded.
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
  | { code: "insufficient_credits"; balance: Credits; cost: Credits; missing: Credits };

export type Estimate = {
  text: string;
  measure: MessageMeasure;
  recipients: PricedRecipients["recipients"];
  invalid: string[];
  total: Credits;
};

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
  "account" | "receivers" | "sender" | "message" | "encoding" | "parts" | "credits" | "tag" | "entry"
>(
  "send_insert_outgoing",
  (v) => sql`
    insert into outgoing_sms (sms_account_id, receiver, sender, message, encoding, parts, credits, tag, ledger_entry_id)
    select ${v("account")}::int, r.receiver, ${v("sender")}::text, ${v("message")}::text, ${v("encoding")}::text,
           ${v("parts")}::int, r.credits, ${v("tag")}::text, ${v("entry")}::bigint
    from unnest(${v("receivers")}::text[], ${v("credits")}::numeric[]) with ordinality as r(receiver, credits, n)
    order by r.n
    returning id::text as id, receiver`,
);

/** The carrier's reports, all in one statement. */
const recordDelivery = namedStatement<never, "ids" | "statuses" | "ptts">(
  "send_record_delivery",
  (v) => sql`
    update outgoing_sms o
    set status = r.status::outgoing_status, ptt = r.ptt, delivered_at = case when r.status = 'delivered' then now() end
    -- Statuses as text[]: PGlite cannot send an array of an enum type.
    from unnest(${v("ids")}::bigint[], ${v("statuses")}::text[], ${v("ptts")}::int[]) as r(id, status, ptt)
    where o.id = r.id`,
);

function parseRates(json: string | null): Map<string, Credits> {
  return new Map(Object.entries(JSON.parse(json ?? "{}") as Record<string, string>).map(([country, rate]) => [country, credits(rate)]));
}

/** What sending would cost, per recipient, at the subsidiary's rates; recipients without a rate count as invalid. */
export function estimateSend(
  rates: Map<string, Credits>,
  input: { subsidiary: Subsidiary; message: string; receivers: string | string[]; noStopClause: boolean },
): Estimate {
  const text = messageToSend(input.message, { subsidiary: input.subsidiary, noStopClause: input.noStopClause });
  const measure = measureMessage(text);
  const parsed = parseRecipients(input.receivers, SUBSIDIARY_INFO[input.subsidiary].homeDestination);
  return { text, measure, ...priceRecipients(parsed, rates, measure.parts) };
}

export type SendRequest = {
  customerAccountId: number;
  serviceName: string;
  message: string;
  receivers: string | string[];
  sender: string;
  noStopClause?: boolean;
  tag?: string;
  actor: Actor;
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
    }
  | ({ ok: false } & SendRefusal);

export async function sendSms(db: Db, request: SendRequest, carrier: Carrier = getCarrier()): Promise<SendResult> {
  const [account] = await accountForSend(db, { customer: request.customerAccountId, serviceName: request.serviceName });
  if (!account) return { ok: false, code: "account_not_found" };
  if (account.status !== "enable") return { ok: false, code: "account_disabled" };
  if (request.message.trim() === "") return { ok: false, code: "message_required" };
  if (request.message.length > MESSAGE_MAX_LENGTH) return { ok: false, code: "message_too_long" };
  const sender = request.sender.trim();
  if (!SENDER_PATTERN.test(sender)) return { ok: false, code: "sender_invalid" };

  const estimate = estimateSend(parseRates(account.rates), {
    subsidiary: account.subsidiary,
    message: request.message,
    receivers: request.receivers,
    noStopClause: request.noStopClause ?? false,
  });
  if (estimate.measure.tooLong) return { ok: false, code: "message_too_long" };
  if (estimate.recipients.length === 0) return { ok: false, code: "no_valid_recipient", invalid: estimate.invalid.join(", ") };

  let inserted: Array<{ id: string; receiver: string }>;
  let creditsLeft: Credits;
  try {
    ({ inserted, creditsLeft } = await db.transaction(async (tx) => {
      const { entryId, balanceAfter } = await postEntry(tx, {
        smsAccountId: account.id,
        kind: "sms_consumption",
        amount: -estimate.total,
        reference: `${estimate.recipients.length} SMS${request.tag ? ` · ${request.tag}` : ""}`,
        actor: request.actor,
      });
      const rows = await insertOutgoing(tx, {
        account: account.id,
        receivers: estimate.recipients.map((r) => r.e164),
        sender,
        message: estimate.text,
        encoding: estimate.measure.encoding,
        parts: estimate.measure.parts,
        credits: estimate.recipients.map((r) => creditsToDb(r.cost)),
        tag: request.tag ?? "",
        entry: entryId.toString(),
      });
      return { inserted: rows, creditsLeft: balanceAfter };
    }));
  } catch (error) {
    if (error instanceof InsufficientCreditsError) {
      return { ok: false, code: "insufficient_credits", balance: error.balance, cost: estimate.total, missing: estimate.total - error.balance };
    }
    throw error;
  }

  const reports: DeliveryReport[] = [];
  for (const message of inserted) reports.push(await carrier.submit({ receiver: message.receiver, sender, text: estimate.text }));
  await recordDelivery(db, {
    ids: inserted.map((m) => m.id),
    statuses: reports.map((r) => r.status),
    ptts: reports.map((r) => r.ptt),
  });
  return {
    ok: true,
    ids: inserted.map((m) => BigInt(m.id)),
    validReceivers: estimate.recipients.map((r) => r.e164),
    invalidReceivers: estimate.invalid,
    totalCreditsRemoved: estimate.total,
    creditsLeft,
    tag: request.tag ?? "",
  };
}

export async function listOutgoing(db: DbOrTx, smsAccountId: number, options: { limit?: number; beforeId?: bigint } = {}) {
  return db
    .select()
    .from(outgoingSms)
    .where(and(eq(outgoingSms.smsAccountId, smsAccountId), options.beforeId ? lt(outgoingSms.id, options.beforeId) : undefined))
    .orderBy(desc(outgoingSms.id))
    .limit(options.limit ?? 20);
}
