import "server-only";
import { eq, sql } from "drizzle-orm";
import { createTranslator } from "next-intl";
import type { DbOrTx } from "@/db/client";
import { balanceAlerts, smsAccounts, type BalanceAlert } from "@/db/schema";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import pl from "@/messages/pl.json";
import { decryptSecret } from "../api/secrets";
import { creditsToDb, creditsToNumber } from "../credits/amounts";
import { env } from "../env";
import { FORMAT_LOCALE } from "../i18n/locale";
import { outboundRequest, type OutboundAnswer } from "../http/outbound";
import { QUEUE_OPTIONS } from "../jobs/queues";
import { configuredMailer, type Mailer } from "./mailer";
import { isLocale, type Locale } from "../billing/subsidiaries";
import { signedWebhookHeaders } from "./webhook-signature";

/**
 * Delivering a low-balance alert, from its job (lib/jobs): an e-mail to each recipient in their language, and the
 * signed webhook. Re-run safely: each recipient is marked once mailed and the webhook once answered 2xx, so a retry
 * does only what is left (a crash between a send and its mark can repeat that one send: the e-mail's Message-ID and
 * the webhook's `id` name the alert, so a receiver can tell). What fails is retried by the queue with backoff; after
 * the queue's last try it is marked failed with its error.
 */
export const MAX_DELIVERY_ATTEMPTS = QUEUE_OPTIONS["balance-alert"].retryLimit + 1;
const CATALOGS = { en, fr, es, it, pl } as const;

export type DeliveryDeps = {
  mailer: Mailer | null;
  /** The base of the link in the e-mail and the webhook: PUBLIC_URL. */
  publicUrl: string;
  authSecret: string;
  /** Posts the webhook (lib/http/outbound.ts: never to a non-public address in production). */
  post: (url: URL, headers: Record<string, string>, body: string) => Promise<OutboundAnswer>;
  now: () => Date;
};

function defaultDeps(): DeliveryDeps {
  const e = env();
  return {
    mailer: configuredMailer(),
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    authSecret: e.AUTH_SECRET,
    post: (url, headers, body) => outboundRequest(url, "POST", headers, { body }),
    now: () => new Date(),
  };
}

export type AlertEmailInput = { serviceName: string; description: string; balance: bigint; threshold: bigint; link: string };

/** The alert e-mail in one language: subject and plain text. */
export function alertEmail(locale: Locale, input: AlertEmailInput): { subject: string; text: string } {
  const t = createTranslator({ locale: FORMAT_LOCALE[locale], messages: CATALOGS[locale], namespace: "alertEmail", timeZone: "UTC" });
  const values = {
    serviceName: input.serviceName,
    description: input.description || input.serviceName,
    balance: creditsToNumber(input.balance),
    threshold: creditsToNumber(input.threshold),
    link: input.link,
  };
  return { subject: t("subject", values), text: t("body", values) };
}

/** The webhook's JSON body. */
export function alertWebhookBody(alert: BalanceAlert, serviceName: string, link: string): string {
  return JSON.stringify({
    type: "sms.balance_low",
    id: alert.id.toString(),
    serviceName,
    balance: creditsToDb(alert.balance),
    threshold: creditsToDb(alert.threshold),
    createdAt: alert.createdAt.toISOString(),
    url: link,
  });
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export async function deliverBalanceAlert(db: DbOrTx, alertId: bigint, deps: DeliveryDeps = defaultDeps()): Promise<BalanceAlert | null> {
  const [row] = await db
    .select({ alert: balanceAlerts, account: smsAccounts })
    .from(balanceAlerts)
    .innerJoin(smsAccounts, eq(smsAccounts.id, balanceAlerts.smsAccountId))
    .where(eq(balanceAlerts.id, alertId));
  if (!row) return null;
  const { account } = row;
  let alert = row.alert;
  if (alert.emailStatus !== "pending" && alert.webhookStatus !== "pending") return alert;
  const [counted] = await db
    .update(balanceAlerts)
    .set({ attempts: sql`${balanceAlerts.attempts} + 1` })
    .where(eq(balanceAlerts.id, alertId))
    .returning({ attempts: balanceAlerts.attempts });
  const attempts = counted!.attempts;
  const link = `${deps.publicUrl}/telecom/sms/${encodeURIComponent(account.serviceName)}`;
  const errors: string[] = [];

  if (alert.emailStatus === "pending") {
    const recipients = [...alert.emailRecipients];
    if (!deps.mailer) {
      errors.push("SMTP_URL is not set");
    } else {
      for (const [i, recipient] of recipients.entries()) {
        if (recipient.sent) continue;
        const mail = alertEmail(isLocale(recipient.locale) ? recipient.locale : "en", {
          serviceName: account.serviceName,
          description: account.description,
          balance: alert.balance,
          threshold: alert.threshold,
          link,
        });
        try {
          await deps.mailer.send({ from: deps.mailer.from, to: recipient.email, ...mail, messageId: `<balance-alert-${alert.id}-${i}@${new URL(deps.publicUrl).hostname}>` });
          recipients[i] = { ...recipient, sent: true };
          await db.update(balanceAlerts).set({ emailRecipients: recipients }).where(eq(balanceAlerts.id, alertId));
        } catch (error) {
          errors.push(`e-mail to ${recipient.email}: ${errorText(error)}`);
        }
      }
    }
    const done = recipients.every((r) => r.sent);
    if (done || attempts >= MAX_DELIVERY_ATTEMPTS) {
      [alert] = (await db.update(balanceAlerts).set({ emailStatus: done ? "sent" : "failed" }).where(eq(balanceAlerts.id, alertId)).returning()) as [BalanceAlert];
    }
  }

  if (alert.webhookStatus === "pending" && alert.webhookUrl && account.alertWebhookSecretEncrypted) {
    const body = alertWebhookBody(alert, account.serviceName, link);
    let code: number | null = null;
    try {
      const secret = decryptSecret(account.alertWebhookSecretEncrypted, deps.authSecret);
      const answer = await deps.post(new URL(alert.webhookUrl), signedWebhookHeaders(secret, body, deps.now()), body);
      code = answer.status;
      if (code === null) errors.push(`webhook: ${answer.text}`);
      else if (code < 200 || code > 299) errors.push(`webhook answered ${code}`);
    } catch (error) {
      errors.push(`webhook: ${errorText(error)}`);
    }
    const delivered = code !== null && code >= 200 && code <= 299;
    [alert] = (await db
      .update(balanceAlerts)
      .set({ webhookResponseCode: code, ...(delivered ? { webhookStatus: "sent" as const } : attempts >= MAX_DELIVERY_ATTEMPTS ? { webhookStatus: "failed" as const } : {}) })
      .where(eq(balanceAlerts.id, alertId))
      .returning()) as [BalanceAlert];
  } else if (alert.webhookStatus === "pending") {
    // The webhook was removed (or its secret lost) since the alert was decided: nothing to sign it with.
    [alert] = (await db.update(balanceAlerts).set({ webhookStatus: "skipped" }).where(eq(balanceAlerts.id, alertId)).returning()) as [BalanceAlert];
  }

  const finished = alert.emailStatus !== "pending" && alert.webhookStatus !== "pending";
  [alert] = (await db
    .update(balanceAlerts)
    .set({ lastError: errors.length > 0 ? errors.join("; ") : null, ...(finished ? { finishedAt: deps.now() } : {}) })
    .where(eq(balanceAlerts.id, alertId))
    .returning()) as [BalanceAlert];
  return alert;
}
