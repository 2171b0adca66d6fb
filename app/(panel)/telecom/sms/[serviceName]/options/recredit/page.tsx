import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { creditsToNumber, creditsToString } from "@/lib/credits/amounts";
import { alertSettingsOf, recentAlerts } from "@/lib/alerts/balance-alerts";
import { env } from "@/lib/env";
import { emailConfigured } from "@/lib/alerts/mailer";
import { formatMoney, minorToString } from "@/lib/billing/money";
import { recreditSpentThisMonth } from "@/lib/recredit/cap";
import { usersOfCustomer } from "@/lib/auth/users";
import { listTiers } from "@/lib/billing/price-tiers";
import { quotePrice } from "@/lib/billing/pricing";
import { conditionsFor, recentAttempts, settingChanges } from "@/lib/recredit/trigger";
import { RECREDIT_AMOUNTS, recreditState } from "@/lib/recredit/rules";
import { SUBSIDIARY_INFO } from "@/lib/billing/subsidiaries";
import { loadAccount } from "../../data";
import { recentCallbacks } from "@/lib/sms/callbacks";
import { CallbacksCard } from "./callbacks-card";
import { AlertForm } from "./alert-form";
import { RecreditForm } from "./recredit-form";
import { RecreditBadge, RecreditWayBack } from "@/components/recredit-badge";
import { DATE_TIME, UTC_DATE } from "@/lib/i18n/dates";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("recredit") };
}

function Condition({ met, title, children, testId }: { met: boolean; title: string; children: React.ReactNode; testId: string }) {
  return (
    <li className="flex gap-3" data-testid={testId} data-met={met}>
      <span aria-hidden className={met ? "text-emerald-700" : "text-red-700"}>{met ? "✓" : "✗"}</span>
      <div>
        <p className="font-medium">{title}</p>
        <div className="text-sm text-slate-700">{children}</div>
      </div>
    </li>
  );
}

const deliveryTone = { pending: "info", sent: "success", failed: "danger", skipped: "neutral" } as const;

export default async function RecreditPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const db = await getDb();
  const [t, format, locale, conditions, tiers, attempts, changes, calls, spent, alerts, alertSettings, customerUsers] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    conditionsFor(db, account),
    listTiers(db, user.customer.subsidiary),
    recentAttempts(db, account.id),
    settingChanges(db, account.id),
    recentCallbacks(db, account.id),
    recreditSpentThisMonth(db, account.id),
    recentAlerts(db, account.id),
    alertSettingsOf(db, account, env().AUTH_SECRET),
    usersOfCustomer(db, user.customer.id),
  ]);
  const currency = SUBSIDIARY_INFO[user.customer.subsidiary].currency;
  const capUsage =
    account.recreditMonthlyCapMinor === null
      ? t("recredit.capNone", { spent: formatMoney(spent, currency, locale) })
      : t("recredit.capUsage", { spent: formatMoney(spent, currency, locale), cap: formatMoney(account.recreditMonthlyCapMinor, currency, locale) });
  const vat = SUBSIDIARY_INFO[user.customer.subsidiary].vatBasisPoints;
  const prices: Record<string, { excl: string; incl: string }> = {};
  for (const a of RECREDIT_AMOUNTS) {
    const q = quotePrice(tiers, a, vat);
    if (q) prices[String(a)] = { excl: formatMoney(q.amountExclVatMinor, q.currency, locale), incl: formatMoney(q.totalMinor, q.currency, locale) };
  }
  const state = recreditState(account, conditions.mandate.met);
  const eligibleDate = format.dateTime(conditions.age.eligibleFrom, UTC_DATE);
  return (
    // The form first (with what is saved now above it), then the conditions it depends on; the form says when
    // they hold it back, so nothing is filled in before knowing.
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-5">
      <div className="flex flex-col gap-5 lg:col-span-3">
        <Card heading={{ id: "state-title", title: t("recredit.title"), aside: <RecreditBadge account={account} hasValidMandate={conditions.mandate.met} /> }}>
          <p className="mt-2 text-sm text-slate-700" data-testid="recredit-current">
            {state === "on"
              ? t("recredit.currentOn", { amount: account.recreditAmount!, threshold: creditsToNumber(account.recreditThreshold), incl: prices[String(account.recreditAmount)]?.incl ?? "" })
              : state === "suspended"
                ? t("recredit.suspendedSummary", { amount: account.recreditAmount!, threshold: creditsToNumber(account.recreditThreshold) })
                : t("recredit.currentOff")}
          </p>
          {state === "suspended" ? (
            <RecreditWayBack />
          ) : null}
          <div className="mt-4 border-t border-slate-100 pt-4">
            {can(user.role, "manageRecredit") ? (
              <RecreditForm
                serviceName={account.serviceName}
                threshold={creditsToString(account.recreditThreshold)}
                amount={account.recreditAmount}
                balance={creditsToString(account.creditsLeft)}
                canEnable={conditions.met}
                prices={prices}
                monthlyCap={account.recreditMonthlyCapMinor === null ? "" : minorToString(account.recreditMonthlyCapMinor)}
                currency={currency}
                capUsage={capUsage}
              />
            ) : (
              <>
                <Notice tone="info">{t("recredit.readOnly")}</Notice>
                <p className="mt-3 text-sm" data-testid="recredit-cap-usage">{capUsage}</p>
              </>
            )}
          </div>
        </Card>
        <Card aria-labelledby="conditions-title">
          <CardTitle id="conditions-title">{t("recredit.conditionsTitle")}</CardTitle>
          <ul className="mt-3 flex flex-col gap-3">
            <Condition met={conditions.mandate.met} title={t("recredit.mandateCondition")} testId="condition-mandate">
              {conditions.mandate.met ? t("recredit.mandateMet") : (
                <>
                  {t("recredit.mandateUnmet")}{" "}
                  <Link href="/billing/payment-methods" className="font-medium text-brand-700 underline underline-offset-2">{t("recredit.mandateLink")}</Link>
                </>
              )}
            </Condition>
            <Condition met={conditions.age.met} title={t("recredit.ageCondition")} testId="condition-age">
              {conditions.age.met
                ? t("recredit.ageMet", { date: format.dateTime(account.createdAt, UTC_DATE) })
                : t("recredit.ageUnmet", { date: eligibleDate })}
            </Condition>
          </ul>
        </Card>
        <Card aria-labelledby="alert-title">
          <CardTitle id="alert-title">{t("alerts.title")}</CardTitle>
          <p className="mt-2 text-sm text-slate-700">{t("alerts.intro")}</p>
          <p className="mt-2 text-sm font-medium" data-testid="alert-current">
            {account.alertThreshold === null ? t("alerts.currentOff") : t("alerts.currentOn", { threshold: creditsToNumber(account.alertThreshold) })}
          </p>
          <div className="mt-3">
            {can(user.role, "manageRecredit") ? (
              <AlertForm
                serviceName={account.serviceName}
                threshold={account.alertThreshold === null ? "" : creditsToString(account.alertThreshold)}
                users={customerUsers}
                recipientIds={alertSettings.recipientIds}
                webhookUrl={account.alertWebhookUrl ?? ""}
                webhookSecret={alertSettings.webhookSecret}
                emailConfigured={emailConfigured()}
              />
            ) : (
              <>
                {!emailConfigured() ? <Notice tone="warning">{t("alerts.emailNotConfigured")}</Notice> : null}
                <Notice tone="info">{t("alerts.readOnly")}</Notice>
              </>
            )}
          </div>
        </Card>
        <CallbacksCard account={account} calls={calls} canEdit={can(user.role, "manageRecredit")} />
      </div>
      <div className="flex flex-col gap-5 lg:col-span-2">
        <Card aria-labelledby="attempts-title">
          <CardTitle id="attempts-title">{t("recredit.attemptsTitle")}</CardTitle>
          {attempts.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("recredit.noAttempts")}</p>
          ) : (
            <ul className="mt-2 flex flex-col gap-2 text-sm" data-testid="recredit-attempts">
              {attempts.map((a) => (
                <li key={a.id.toString()}>
                  <Badge tone={a.status === "succeeded" ? "success" : a.status === "pending" ? "info" : "danger"}>{t(`recredit.attempt.${a.status}`)}</Badge>{" "}
                  <span className="text-slate-600">{format.dateTime(a.createdAt, DATE_TIME)}</span>
                  <span className="block">
                    {a.status === "succeeded" ? (
                      a.invoiceNumber ? (
                        <Link href={`/billing/orders/${a.orderId}`} className="text-brand-700 underline underline-offset-2">
                          {t("recredit.attemptOk", { amount: a.amount, order: a.invoiceNumber })}
                        </Link>
                      ) : (
                        t("recredit.attemptOk", { amount: a.amount, order: a.orderId ?? 0 })
                      )
                    ) : a.status === "pending"
                        ? t("recredit.pendingNow", { amount: a.amount, orderId: a.orderId ?? 0 })
                        : t(`recredit.reason.${a.reason}` as never)}
                    {a.switchedOff ? ` ${t("recredit.switchedOff")}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card aria-labelledby="alerts-history-title">
          <CardTitle id="alerts-history-title">{t("alerts.historyTitle")}</CardTitle>
          {alerts.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("alerts.noAlerts")}</p>
          ) : (
            <ul className="mt-2 flex flex-col gap-2 text-sm" data-testid="alert-history">
              {alerts.map((a) => (
                <li key={a.id.toString()}>
                  <span className="text-slate-600">{format.dateTime(a.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                  <span className="block">{t("alerts.alertLine", { balance: creditsToNumber(a.balance), threshold: creditsToNumber(a.threshold) })}</span>
                  <span className="mt-1 flex flex-wrap gap-1">
                    <Badge tone={deliveryTone[a.emailStatus]}>
                      {t(`alerts.email.${a.emailStatus}`, { count: a.emailRecipients.filter((r) => r.sent).length })}
                    </Badge>
                    <Badge tone={deliveryTone[a.webhookStatus]}>{t(`alerts.webhook.${a.webhookStatus}`, { code: a.webhookResponseCode ?? 0 })}</Badge>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card aria-labelledby="changes-title">
          <CardTitle id="changes-title">{t("recredit.changesTitle")}</CardTitle>
          {changes.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("recredit.noChanges")}</p>
          ) : (
            <ul className="mt-2 flex flex-col gap-2 text-sm">
              {changes.map((c) => (
                <li key={c.id.toString()}>
                  <span className="text-slate-600">{format.dateTime(c.createdAt, DATE_TIME)}</span> · {c.actorLabel}
                  <span className="block">
                    {c.amount === null ? t("recredit.changeOff") : t("recredit.changeOn", { amount: c.amount, threshold: creditsToNumber(c.threshold) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
