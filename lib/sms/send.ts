import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { customerAccounts, destinationRates, outgoingSms, smsAccounts, type OutgoingSms } from "@/db/schema";
import { type Credits } from "../credits";
import { InsufficientCreditsError, postEntry, type Actor } from "../ledger";
import { SUBSIDIARY_INFO, type Subsidiary } from "../subsidiaries";
import { getCarrier, type Carrier } from "./carrier";
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

export async function ratesFor(db: DbOrTx, subsidiary: Subsidiary, countries: string[]): Promise<Map<string, Credits>> {
  if (countries.length === 0) return new Map();
  const rows = await db
    .select()
    .from(destinationRates)
    .where(and(eq(destinationRates.subsidiary, subsidiary), inArray(destinationRates.countryCode, countries)));
  return new Map(rows.map((r) => [r.countryCode, r.credits]));
}

/** What sending would cost, per recipient; recipients without a rate count as invalid. */
export async function estimateSend(
  db: DbOrTx,
  input: { subsidiary: Subsidiary; message: string; receivers: string | string[]; noStopClause: boolean },
): Promise<Estimate> {
  const text = messageToSend(input.message, { subsidiary: input.subsidiary, noStopClause: input.noStopClause });
  const measure = measureMessage(text);
  const parsed = parseRecipients(input.receivers, SUBSIDIARY_INFO[input.subsidiary].homeDestination);
  const rates = await ratesFor(db, input.subsidiary, [...new Set(parsed.valid.map((r) => r.country))]);
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
  const [row] = await db
    .select({ account: smsAccounts, subsidiary: customerAccounts.subsidiary })
    .from(smsAccounts)
    .innerJoin(customerAccounts, eq(customerAccounts.id, smsAccounts.customerAccountId))
    .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)));
  if (!row) return { ok: false, code: "account_not_found" };
  if (row.account.status !== "enable") return { ok: false, code: "account_disabled" };
  if (request.message.trim() === "") return { ok: false, code: "message_required" };
  if (request.message.length > MESSAGE_MAX_LENGTH) return { ok: false, code: "message_too_long" };
  const sender = request.sender.trim();
  if (!SENDER_PATTERN.test(sender)) return { ok: false, code: "sender_invalid" };

  const estimate = await estimateSend(db, {
    subsidiary: row.subsidiary,
    message: request.message,
    receivers: request.receivers,
    noStopClause: request.noStopClause ?? false,
  });
  if (estimate.measure.tooLong) return { ok: false, code: "message_too_long" };
  if (estimate.recipients.length === 0) return { ok: false, code: "no_valid_recipient", invalid: estimate.invalid.join(", ") };

  let inserted: OutgoingSms[];
  let creditsLeft: Credits;
  try {
    ({ inserted, creditsLeft } = await db.transaction(async (tx) => {
      const { entryId, balanceAfter } = await postEntry(tx, {
        smsAccountId: row.account.id,
        kind: "sms_consumption",
        amount: -estimate.total,
        reference: `${estimate.recipients.length} SMS${request.tag ? ` · ${request.tag}` : ""}`,
        actor: request.actor,
      });
      const rows = await tx
        .insert(outgoingSms)
        .values(
          estimate.recipients.map((r) => ({
            smsAccountId: row.account.id,
            receiver: r.e164,
            sender,
            message: estimate.text,
            encoding: estimate.measure.encoding,
            parts: estimate.measure.parts,
            credits: r.cost,
            tag: request.tag ?? "",
            ledgerEntryId: entryId,
          })),
        )
        .returning();
      return { inserted: rows, creditsLeft: balanceAfter };
    }));
  } catch (error) {
    if (error instanceof InsufficientCreditsError) {
      return { ok: false, code: "insufficient_credits", balance: error.balance, cost: estimate.total, missing: estimate.total - error.balance };
    }
    throw error;
  }

  for (const message of inserted) {
    const report = await carrier.submit({ receiver: message.receiver, sender, text: message.message });
    await db
      .update(outgoingSms)
      .set({ status: report.status, ptt: report.ptt, deliveredAt: report.status === "delivered" ? new Date() : null })
      .where(eq(outgoingSms.id, message.id));
  }
  return {
    ok: true,
    ids: inserted.map((m) => m.id),
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
