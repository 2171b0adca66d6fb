import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { balanceAlerts, smsAccounts, users } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { deliverBalanceAlert, type DeliveryDeps } from "@/lib/alerts/delivery";
import { alertSettingsOf, saveAlertSettings } from "@/lib/alerts/balance-alerts";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { smtpMailer } from "@/lib/alerts/mailer";
import { sendSms } from "@/lib/sms/send";
import { transferCredits } from "@/lib/credits/transfers";
import { verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/alerts/webhook-signature";
import { outboundRequest } from "@/lib/http/outbound";
import { startSmtpInbox, type ReceivedMail } from "../support/smtp-inbox";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/**
 * Low-balance alerts against a real database, a real SMTP server (smtp-server, in this process) and a real HTTP
 * receiver: one alert per crossing whatever the concurrency, re-armed above the threshold, e-mailed in each
 * recipient's language and posted with a signature the receiver checks.
 */
// Before any module reads the environment: e-mail alerts are configured (the ledger's callers decide with it).
vi.hoisted(() => {
  process.env.SMTP_URL = "smtp://127.0.0.1:3421";
});
const SMTP_PORT = 3421;
const WEBHOOK_PORT = 3422;
const AUTH_SECRET = "alerts-test-secret-alerts-test-secret-0123";
const actor = { type: "user" as const, userId: 1, label: "test" };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

let inbox: ReceivedMail[] = [];
const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let webhookAnswers: number[] = [];
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
let receiver: Server;

beforeAll(async () => {
  smtp = await startSmtpInbox(SMTP_PORT);
  inbox = smtp.inbox;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      hooks.push({ headers: req.headers, body });
      res.statusCode = webhookAnswers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(WEBHOOK_PORT, "127.0.0.1", resolve));
});
afterAll(async () => {
  await smtp.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const deps = (): DeliveryDeps => ({
  mailer: smtpMailer(`smtp://127.0.0.1:${SMTP_PORT}`, "alerts@panel.test"),
  publicUrl: "https://panel.example.com",
  authSecret: AUTH_SECRET,
  post: (url, headers, body) => outboundRequest(url, "POST", headers, { body }),
  now: () => new Date(),
});

describeOnBothDrivers("low-balance alerts", (ctx) => {
  const db = () => ctx.handle.db;
  const alertsOf = (id: number) => db().select().from(balanceAlerts).where(eq(balanceAlerts.smsAccountId, id)).orderBy(balanceAlerts.id);
  const send = (c: { customerId: number }, serviceName: string) =>
    sendSms(db(), { customerAccountId: c.customerId, serviceName, message: "Hello", receivers: ["+447400123456"], sender: "Acme", actor });
  const settings = (c: { customerId: number }, serviceName: string, input: { threshold: string | null; recipientIds?: number[]; webhookUrl?: string | null }) =>
    saveAlertSettings(db(), { customerAccountId: c.customerId, serviceName, recipientIds: [], webhookUrl: null, emailConfigured: true, ...input }, AUTH_SECRET);

  it("many concurrent debits crossing the threshold decide exactly one alert, with one job", async () => {
    await seedReferenceData(db());
    const c = await makeCustomer(db(), { balances: ["100"] });
    const a = c.accounts[0]!;
    expect(await settings(c, a.serviceName, { threshold: "50", recipientIds: [c.userId] })).toMatchObject({ ok: true, alert: null });
    // 60 sends of 1 credit at once: the balance goes 100 → 40 and crosses 50 once.
    const results = await Promise.all(Array.from({ length: 60 }, () => send(c, a.serviceName)));
    expect(results.every((r) => r.ok)).toBe(true);
    const [account] = await db().select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    expect(account).toMatchObject({ creditsLeft: credits("40"), alertArmed: false });
    const alerts = await alertsOf(a.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ threshold: credits("50"), balance: credits("50"), emailStatus: "pending", webhookStatus: "skipped" });
    const jobs = rowsOf<{ data: { alertId: string } }>(await db().execute(sql`select data from pgboss.job where name = 'balance-alert'`));
    expect(jobs.filter((j) => j.data.alertId === alerts[0]!.id.toString())).toHaveLength(1);
    expect(await ledgerViolations(db())).toEqual([]);
  });

  it("sends once per crossing: not again below, again after the balance went back above", async () => {
    const c = await makeCustomer(db(), { balances: ["12", "0"] });
    const [a, b] = c.accounts as [{ id: number; serviceName: string }, { id: number; serviceName: string }];
    await settings(c, a.serviceName, { threshold: "10" });
    await send(c, a.serviceName); // 11: above
    expect(await alertsOf(a.id)).toHaveLength(0);
    await send(c, a.serviceName); // 10: at the threshold → alert
    await send(c, a.serviceName); // 9: still below, no second alert
    await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "1", actor }); // 8
    expect(await alertsOf(a.id)).toHaveLength(1);
    // Back to exactly the threshold is not above it: still disarmed.
    await db().transaction((tx) => postEntry(tx, { smsAccountId: a.id, kind: "adjustment", amount: credits("2"), actor }));
    await send(c, a.serviceName);
    expect(await alertsOf(a.id)).toHaveLength(1);
    // Above it (a transfer in), then a crossing transfer out: the second alert.
    await transferCredits(db(), { customerAccountId: c.customerId, source: b.serviceName, target: a.serviceName, amount: "1", actor }); // 10
    await db().transaction((tx) => postEntry(tx, { smsAccountId: a.id, kind: "adjustment", amount: credits("0.5"), actor })); // 10.5
    await transferCredits(db(), { customerAccountId: c.customerId, source: a.serviceName, target: b.serviceName, amount: "0.5", actor }); // 10
    const alerts = await alertsOf(a.id);
    expect(alerts.map((x) => x.balance)).toEqual([credits("10"), credits("10")]);
    expect(alerts.every((x) => x.triggerEntryId !== null)).toBe(true);
    // Saving a new threshold already above the balance alerts at once; saving it unchanged does not again.
    expect(await settings(c, a.serviceName, { threshold: "20" })).toMatchObject({ ok: true, alert: { balance: credits("10") } });
    expect(await settings(c, a.serviceName, { threshold: "20" })).toMatchObject({ ok: true, alert: null });
    expect(await alertsOf(a.id)).toHaveLength(3);
  });

  it("refuses bad settings with a reason and changes nothing", async () => {
    const c = await makeCustomer(db(), { balances: ["100"] });
    const other = await makeCustomer(db(), { balances: ["1"] });
    const a = c.accounts[0]!;
    expect(await settings(c, a.serviceName, { threshold: "-1" })).toEqual({ ok: false, code: "threshold_negative" });
    expect(await settings(c, a.serviceName, { threshold: "0.125" })).toEqual({ ok: false, code: "threshold_too_precise" });
    expect(await settings(c, a.serviceName, { threshold: "abc" })).toEqual({ ok: false, code: "threshold_invalid" });
    expect(await settings(c, a.serviceName, { threshold: "5", recipientIds: [other.userId] })).toEqual({ ok: false, code: "recipient_invalid" });
    expect(await settings(c, a.serviceName, { threshold: "5", webhookUrl: "ftp://x.test/" })).toEqual({ ok: false, code: "webhook_url_invalid" });
    expect(await settings(c, a.serviceName, { threshold: "5", webhookUrl: "https://user:pw@x.test/" })).toEqual({ ok: false, code: "webhook_url_invalid" });
    expect(await settings(other, a.serviceName, { threshold: "5" })).toEqual({ ok: false, code: "account_not_found" });
    const [account] = await db().select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    expect(account).toMatchObject({ alertThreshold: null, alertWebhookUrl: null });
  });

  it("e-mails each recipient in their language through SMTP and posts a signed webhook, retried until it answers 2xx", async () => {
    const c = await makeCustomer(db(), { balances: ["30"] });
    const a = c.accounts[0]!;
    const [fr] = await db()
      .insert(users)
      .values({ customerAccountId: c.customerId, email: `fr-${a.serviceName}@test.test`, name: "Fr", role: "viewer", passwordHash: "x", locale: "fr" })
      .returning();
    const en = (await db().select().from(users).where(eq(users.id, c.userId)))[0]!;
    const saved = await settings(c, a.serviceName, { threshold: "29.5", recipientIds: [c.userId, fr!.id], webhookUrl: `http://127.0.0.1:${WEBHOOK_PORT}/hooks/sms` });
    expect(saved).toMatchObject({ ok: true });
    await send(c, a.serviceName); // 29 ≤ 29.5
    const [alert] = await alertsOf(a.id);
    expect(alert).toMatchObject({ emailStatus: "pending", webhookStatus: "pending", balance: credits("29") });
    webhookAnswers = [500];
    const first = await deliverBalanceAlert(db(), alert!.id, deps());
    expect(first).toMatchObject({ emailStatus: "sent", webhookStatus: "pending", webhookResponseCode: 500, attempts: 1, finishedAt: null });
    expect(first!.lastError).toContain("webhook answered 500");
    const mails = inbox.filter((m) => m.to === en.email || m.to === fr!.email);
    expect(mails).toHaveLength(2);
    const english = mails.find((m) => m.to === en.email)!;
    const french = mails.find((m) => m.to === fr!.email)!;
    expect(english.subject).toBe(`Low balance on ${a.serviceName}: 29 credits left`);
    expect(english.text).toContain("its alert threshold of 29.5 credits");
    expect(english.text).toContain(`https://panel.example.com/telecom/sms/${a.serviceName}`);
    expect(french.subject).toBe(`Solde bas sur ${a.serviceName} : 29 crédits restants`);
    expect(french.text).toContain("seuil d’alerte de 29,5 crédits");
    expect(english.messageId).toContain(`balance-alert-${alert!.id}-`);
    // The retry posts the webhook again and does not e-mail again.
    const second = await deliverBalanceAlert(db(), alert!.id, deps());
    expect(second).toMatchObject({ emailStatus: "sent", webhookStatus: "sent", webhookResponseCode: 204, attempts: 2, lastError: null });
    expect(second!.finishedAt).not.toBeNull();
    expect(inbox.filter((m) => m.to === en.email || m.to === fr!.email)).toHaveLength(2);
    // A finished alert is left alone.
    expect(await deliverBalanceAlert(db(), alert!.id, deps())).toMatchObject({ attempts: 2 });
    // The receiver checks the signature with the account's secret; a tampered body fails.
    const posted = hooks.filter((h) => h.body.includes(a.serviceName));
    expect(posted).toHaveLength(2);
    const hook = posted[1]!;
    expect(JSON.parse(hook.body)).toMatchObject({ type: "sms.balance_low", id: alert!.id.toString(), serviceName: a.serviceName, balance: "29.00", threshold: "29.50" });
    const { webhookSecret } = await alertSettingsOf(db(), (await db().select().from(smsAccounts).where(eq(smsAccounts.id, a.id)))[0]!, AUTH_SECRET);
    const signed = { timestamp: String(hook.headers[TIMESTAMP_HEADER.toLowerCase()]), signature: String(hook.headers[SIGNATURE_HEADER.toLowerCase()]) };
    expect(verifyWebhook(webhookSecret!, { body: hook.body, ...signed })).toBe(true);
    expect(verifyWebhook(webhookSecret!, { body: hook.body.replace("29.00", "99.00"), ...signed })).toBe(false);
    expect(verifyWebhook("whsec_other", { body: hook.body, ...signed })).toBe(false);
  });

  it("without an SMTP server configured, the e-mail is skipped and the webhook still goes", async () => {
    const c = await makeCustomer(db(), { balances: ["5"] });
    const a = c.accounts[0]!;
    // Saved with the balance already at the threshold: decided at once, on a panel without SMTP_URL.
    const saved = await saveAlertSettings(
      db(),
      { customerAccountId: c.customerId, serviceName: a.serviceName, threshold: "5", recipientIds: [c.userId], webhookUrl: `http://127.0.0.1:${WEBHOOK_PORT}/x`, emailConfigured: false },
      AUTH_SECRET,
    );
    expect(saved).toMatchObject({ ok: true, alert: { balance: credits("5") } });
    const [alert] = await alertsOf(a.id);
    expect(alert).toMatchObject({ emailStatus: "skipped", webhookStatus: "pending", triggerEntryId: null });
    expect(await deliverBalanceAlert(db(), alert!.id, { ...deps(), mailer: null })).toMatchObject({ emailStatus: "skipped", webhookStatus: "sent" });
  });
});
