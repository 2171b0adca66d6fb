import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { balanceAlertRecipients, balanceAlerts, customerAccounts, smsAccounts, users, type BalanceAlert, type SmsAccount } from "@/db/schema";
import { parseCredits, type Credits } from "../credits/amounts";
import { decryptSecret, encryptSecret } from "../api/secrets";
import { enqueue } from "../jobs/enqueue";
import { isPrivateHost, privateAllowed } from "../http/outbound";
import { refusalTable } from "../refusals";
import { QUEUES } from "../jobs/queues";
import { isLocale, SUBSIDIARY_INFO, type Locale } from "../billing/subsidiaries";

/**
 * Low-balance alerts. Each SMS account may have a threshold (credits, exact): the debit that takes the balance to or
 * below it sends ONE alert — by e-mail to the chosen users of the customer and by a signed webhook — and no other
 * until the balance has gone back above the threshold. The state is the account row's `alert_armed` flag: the
 * ledger's posting statement reports a crossing only while it is set and sets it again when a posting leaves the
 * balance above the threshold; `decideBalanceAlert` clears it with a conditional update in the debit's transaction,
 * which holds the account's row lock, so concurrent debits (on any number of instances) decide one alert, at most.
 * The alert's row and the job that delivers it are written in that same transaction (lib/alerts/delivery.ts).
 */

export const WEBHOOK_URL_MAX = 500;

export type AlertRecipient = { email: string; locale: Locale; sent?: boolean };

/**
 * Decides the alert of one account, in the caller's transaction (a debit's, after the ledger reported `atAlert`, or
 * a settings save): if it is armed and the balance is at or below its threshold, disarms it and writes the alert and
 * its delivery job. Returns the alert, or null when there is none to send.
 */
export async function decideBalanceAlert(
  tx: Tx,
  smsAccountId: number,
  options: { triggerEntryId?: bigint; emailConfigured: boolean },
): Promise<BalanceAlert | null> {
  const [crossed] = await tx
    .update(smsAccounts)
    .set({ alertArmed: false })
    .where(
      and(
        eq(smsAccounts.id, smsAccountId),
        eq(smsAccounts.alertArmed, true),
        sql`${smsAccounts.alertThreshold} is not null and ${smsAccounts.creditsLeft} <= ${smsAccounts.alertThreshold}`,
      ),
    )
    .returning();
  if (!crossed) return null;
  const recipients = await recipientsOf(tx, crossed);
  const emailPending = options.emailConfigured && recipients.length > 0;
  const webhookPending = crossed.alertWebhookUrl !== null && crossed.alertWebhookSecretEncrypted !== null;
  const [alert] = await tx
    .insert(balanceAlerts)
    .values({
      smsAccountId,
      threshold: crossed.alertThreshold!,
      balance: crossed.creditsLeft,
      triggerEntryId: options.triggerEntryId ?? null,
      emailStatus: emailPending ? "pending" : "skipped",
      emailRecipients: recipients,
      webhookStatus: webhookPending ? "pending" : "skipped",
      webhookUrl: webhookPending ? crossed.alertWebhookUrl : null,
      finishedAt: emailPending || webhookPending ? null : new Date(),
    })
    .returning();
  if (emailPending || webhookPending) await enqueue(tx, QUEUES.balanceAlert, { alertId: alert!.id.toString() }, { startAfterSeconds: 0 });
  return alert!;
}

/** The e-mail recipients of an account's alerts, each in their language (their setting, else their subsidiary's). */
async function recipientsOf(db: DbOrTx, account: SmsAccount): Promise<AlertRecipient[]> {
  const rows = await db
    .select({ email: users.email, locale: users.locale, subsidiary: customerAccounts.subsidiary })
    .from(balanceAlertRecipients)
    .innerJoin(users, eq(users.id, balanceAlertRecipients.userId))
    .innerJoin(customerAccounts, eq(customerAccounts.id, users.customerAccountId))
    .where(and(eq(balanceAlertRecipients.smsAccountId, account.id), eq(users.customerAccountId, account.customerAccountId)))
    .orderBy(users.email);
  return rows.map((r) => ({ email: r.email, locale: isLocale(r.locale) ? r.locale : SUBSIDIARY_INFO[r.subsidiary].defaultLocale }));
}

export const ALERT_REFUSALS = refusalTable<AlertSettingsRefusal>("alerts", {
  account_not_found: { status: 404 },
  threshold_invalid: { field: "threshold" },
  threshold_too_precise: { field: "threshold" },
  threshold_ambiguous: { field: "threshold" },
  threshold_negative: { field: "threshold" },
  recipient_invalid: {},
  webhook_url_invalid: { field: "webhookUrl" },
});

export type AlertSettingsRefusal =
  | { code: "account_not_found" }
  | { code: "threshold_invalid" }
  | { code: "threshold_too_precise" }
  | { code: "threshold_ambiguous" }
  | { code: "threshold_negative" }
  | { code: "recipient_invalid" }
  | { code: "webhook_url_invalid" };

export type AlertSettingsRequest = {
  customerAccountId: number;
  serviceName: string;
  /** Credits; empty or null switches the alert off. */
  threshold: string | null;
  /** User ids: each must be a user of the same customer. */
  recipientIds: number[];
  /** http(s) URL; empty or null: no webhook. */
  webhookUrl: string | null;
  /** A new signing secret for the webhook (the old one stops working). */
  rotateSecret?: boolean;
  emailConfigured: boolean;
};

/** A webhook URL as it is kept: an absolute http:// or https:// URL without credentials, or a refusal. */
export function parseWebhookUrl(raw: string | null): { ok: true; url: string | null } | { ok: false } {
  const text = (raw ?? "").trim();
  if (text === "") return { ok: true, url: null };
  if (text.length > WEBHOOK_URL_MAX || !URL.canParse(text)) return { ok: false };
  const url = new URL(text);
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || url.hostname === "") return { ok: false };
  // Not to this server's own network in production (the delivery's lookup checks the resolved address again).
  if (!privateAllowed() && isPrivateHost(url)) return { ok: false };
  return { ok: true, url: url.toString() };
}

/**
 * Saves an account's alert settings. A new threshold arms the alert again; if the balance is already at or below
 * it, the alert is sent at once (as a debit crossing it would). The webhook gets its secret when first set.
 */
export async function saveAlertSettings(
  db: Db,
  request: AlertSettingsRequest,
  authSecret: string,
): Promise<({ ok: true; account: SmsAccount; alert: BalanceAlert | null }) | ({ ok: false } & AlertSettingsRefusal)> {
  let threshold: Credits | null = null;
  const thresholdText = (request.threshold ?? "").trim();
  if (thresholdText !== "") {
    const parsed = parseCredits(thresholdText);
    if (!parsed.ok) {
      if (parsed.error === "too_precise") return { ok: false, code: "threshold_too_precise" };
      if (parsed.error === "ambiguous") return { ok: false, code: "threshold_ambiguous" };
      return { ok: false, code: "threshold_invalid" };
    }
    if (parsed.value < 0n) return { ok: false, code: "threshold_negative" };
    threshold = parsed.value;
  }
  const webhook = parseWebhookUrl(request.webhookUrl);
  if (!webhook.ok) return { ok: false, code: "webhook_url_invalid" };
  const recipientIds = [...new Set(request.recipientIds)];
  if (recipientIds.some((id) => !Number.isSafeInteger(id) || id <= 0)) return { ok: false, code: "recipient_invalid" };

  return db.transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(smsAccounts)
      .where(and(eq(smsAccounts.customerAccountId, request.customerAccountId), eq(smsAccounts.serviceName, request.serviceName)))
      .for("update");
    if (!account) return { ok: false as const, code: "account_not_found" as const };
    if (recipientIds.length > 0) {
      const found = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.customerAccountId, request.customerAccountId), inArray(users.id, recipientIds)));
      if (found.length !== recipientIds.length) return { ok: false as const, code: "recipient_invalid" as const };
    }
    const secret =
      webhook.url === null
        ? null
        : account.alertWebhookSecretEncrypted && !request.rotateSecret
          ? account.alertWebhookSecretEncrypted
          : encryptSecret(`whsec_${randomBytes(24).toString("base64url")}`, authSecret);
    const [updated] = await tx
      .update(smsAccounts)
      .set({
        alertThreshold: threshold,
        // A changed threshold is a new one to cross.
        ...(threshold !== account.alertThreshold ? { alertArmed: true } : {}),
        alertWebhookUrl: webhook.url,
        alertWebhookSecretEncrypted: secret,
      })
      .where(eq(smsAccounts.id, account.id))
      .returning();
    await tx.delete(balanceAlertRecipients).where(eq(balanceAlertRecipients.smsAccountId, account.id));
    if (recipientIds.length > 0) {
      await tx.insert(balanceAlertRecipients).values(recipientIds.map((userId) => ({ smsAccountId: account.id, userId })));
    }
    const alert = await decideBalanceAlert(tx, account.id, { emailConfigured: request.emailConfigured });
    const [fresh] = await tx.select().from(smsAccounts).where(eq(smsAccounts.id, account.id));
    return { ok: true as const, account: fresh ?? updated!, alert };
  });
}

/** What the Options page shows: the chosen recipients' ids and the webhook's secret in clear (for the receiver). */
export async function alertSettingsOf(db: DbOrTx, account: SmsAccount, authSecret: string): Promise<{ recipientIds: number[]; webhookSecret: string | null }> {
  const rows = await db
    .select({ userId: balanceAlertRecipients.userId })
    .from(balanceAlertRecipients)
    .where(eq(balanceAlertRecipients.smsAccountId, account.id));
  let webhookSecret: string | null = null;
  if (account.alertWebhookSecretEncrypted) {
    try {
      webhookSecret = decryptSecret(account.alertWebhookSecretEncrypted, authSecret);
    } catch {
      webhookSecret = null; // AUTH_SECRET changed: saving again with "new secret" makes one
    }
  }
  return { recipientIds: rows.map((r) => r.userId).sort((a, b) => a - b), webhookSecret };
}

/** The latest alerts of an account, newest first. */
export async function recentAlerts(db: DbOrTx, smsAccountId: number, limit = 5): Promise<BalanceAlert[]> {
  return db.select().from(balanceAlerts).where(eq(balanceAlerts.smsAccountId, smsAccountId)).orderBy(desc(balanceAlerts.id)).limit(limit);
}
