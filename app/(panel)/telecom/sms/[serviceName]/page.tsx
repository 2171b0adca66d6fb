import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { BalanceChart } from "@/components/balance-chart";
import { CreditsValue } from "@/components/credits";
import { LedgerTable } from "@/components/ledger-table";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { calendarAge } from "@/lib/calendar";
import { creditsToNumber } from "@/lib/credits/amounts";
import { dailyBalances, listHistory } from "@/lib/credits/history";
import { hasValidMandate, recentAttempts } from "@/lib/recredit/trigger";
import { DESCRIPTION_MAX_LENGTH } from "@/lib/sms/accounts";
import { loadAccount } from "./data";
import { DescriptionForm } from "./description-form";
import { recreditState } from "@/lib/recredit/rules";
import { accountForecast, type Forecast } from "@/lib/credits/forecast";
import { formatMoney } from "@/lib/billing/money";
import { capAllows, capMonth, recreditSpentThisMonth } from "@/lib/recredit/cap";
import { RecreditBadge, RecreditWayBack } from "@/components/recredit-badge";
import { ClientMessages, FORM_RESULT_MESSAGES } from "@/components/client-messages";
import { DATE_TIME, UTC_DATE } from "@/lib/i18n/dates";

export async function generateMetadata({ params }: { params: Promise<{ serviceName: string }> }): Promise<Metadata> {
  const { serviceName } = await params;
  return { title: decodeURIComponent(serviceName) };
}

/** What DescriptionForm reads: Home sends these to the browser, not the whole "home" namespace. */
const DESCRIPTION_FORM_MESSAGES = ["description", "descriptionHint", "descriptionSaved", "editDescription", "save", "saving", "cancel"].map((k) => `home.${k}`);

type Translate = Awaited<ReturnType<typeof getTranslations>>;

/** "Credits last about N days", and the re-credit's expected date and price (or that the month's cap would refuse it). */
function ForecastText({
  forecast,
  showRecredit,
  spentMinor,
  capMinor,
  t,
  locale,
  format,
}: {
  forecast: Forecast;
  showRecredit: boolean;
  spentMinor: bigint;
  capMinor: bigint | null;
  t: Translate;
  locale: string;
  format: Awaited<ReturnType<typeof getFormatter>>;
}) {
  if (forecast.consumption === "none") {
    return <p className="mt-3 text-sm text-slate-700" data-testid="forecast">{t("home.forecastNone")}</p>;
  }
  const r = showRecredit ? forecast.recredit : null;
  const total = r?.quote ? formatMoney(r.quote.totalMinor, r.quote.currency, locale) : "";
  const inThisMonth = r ? capMonth(new Date()).end > r.date : false;
  const overCap = r?.quote && inThisMonth && !capAllows(capMinor, spentMinor, r.quote.totalMinor);
  return (
    <div className="mt-3 flex flex-col gap-1 text-sm text-slate-700" data-testid="forecast">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">{t("home.forecastTitle")}</h3>
      <p>{t("home.forecastDays", { rate: creditsToNumber(forecast.dailyRate), days: forecast.daysLeft })}</p>
      {r ? (
        <p data-testid="forecast-recredit">
          {r.due === "now"
            ? t("home.forecastRecreditNow", { amount: r.amount, total })
            : t("home.forecastRecredit", { amount: r.amount, total, date: format.dateTime(r.date, { dateStyle: "long", timeZone: "UTC" }) })}
          {overCap ? ` ${t("home.forecastOverCap")}` : ""}
        </p>
      ) : null}
    </div>
  );
}

export default async function SmsAccountHome({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const db = await getDb();
  const [t, format, locale, recent, series, attempts, mandate, spent, outlook] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    listHistory(db, account.id, {}, { limit: 5 }),
    dailyBalances(db, account.id, 30),
    recentAttempts(db, account.id, 1),
    hasValidMandate(db, account.customerAccountId),
    recreditSpentThisMonth(db, account.id),
    // The re-credit's date is shown only while it can fire (on, with a valid mandate: see `recredit` below).
    accountForecast(db, account, { subsidiary: user.customer.subsidiary, recreditOn: account.recreditAmount !== null }),
  ]);
  const lastAttempt = attempts[0];
  const entries = recent.entries;
  const base = `/telecom/sms/${account.serviceName}`;
  const age = calendarAge(account.createdAt, new Date());
  const ageParts = [
    age.years > 0 ? t("age.years", { count: age.years }) : null,
    age.months > 0 ? t("age.months", { count: age.months }) : null,
    age.years === 0 && age.months === 0 ? t("age.days", { count: age.days }) : null,
  ].filter((p): p is string => p !== null);
  const ageText = new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(ageParts);
  const recredit = recreditState(account, mandate);

  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
      <Card className="lg:col-span-2" aria-labelledby="balance-title">
        <CardTitle id="balance-title">{t("home.balance")}</CardTitle>
        <p className="mt-3 flex items-baseline gap-2" data-testid="balance">
          <CreditsValue value={account.creditsLeft} locale={locale} className="text-4xl font-bold tracking-tight" />
          <span className="text-slate-600">{t("account.creditsUnit", { count: creditsToNumber(account.creditsLeft) })}</span>
        </p>
        {account.creditsLeft === 0n ? <p className="mt-2 text-sm text-amber-800">{t("home.emptyBalance")}</p> : null}
        <div className="mt-4">
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">{t("home.chartTitle")}</h3>
          <BalanceChart
            series={series}
            locale={locale}
            label={t("home.chartLabel", {
              from: creditsToNumber(series[0]?.balance ?? 0n),
              to: creditsToNumber(series.at(-1)?.balance ?? 0n),
            })}
            threshold={
              account.alertThreshold === null
                ? undefined
                : { value: account.alertThreshold, label: t("home.chartThreshold", { threshold: creditsToNumber(account.alertThreshold) }) }
            }
          />
        </div>
        <ForecastText forecast={outlook} showRecredit={recredit === "on"} spentMinor={spent} capMinor={account.recreditMonthlyCapMinor} t={t} locale={locale} format={format} />
        <div className="mt-5 flex flex-wrap gap-2">
          {can(user.role, "buyCredits") || can(user.role, "transferCredits") ? (
            <>
              {/* Each action follows its own permission. */}
              {can(user.role, "buyCredits") ? <ButtonLink href={`${base}/buy`}>{t("home.buyAction")}</ButtonLink> : null}
              {can(user.role, "transferCredits") ? (
                <ButtonLink href={`${base}/transfer`} variant="secondary">
                  {t("home.transferAction")}
                </ButtonLink>
              ) : null}
              {can(user.role, "sendSms") ? (
                <ButtonLink href={`${base}/send`} variant="secondary">
                  {t("home.sendAction")}
                </ButtonLink>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("home.readOnly")}</p>
          )}
        </div>
      </Card>

      <Card heading={{ id: "recredit-title", title: t("home.recredit"), aside: <RecreditBadge account={account} hasValidMandate={mandate} /> }}>
        <p className="mt-3 text-sm text-slate-700" data-testid="recredit-state">
          {recredit === "on"
            ? t("home.recreditSummary", {
                amount: account.recreditAmount ?? 0,
                threshold: creditsToNumber(account.recreditThreshold),
              })
            : recredit === "suspended"
              ? t("recredit.suspendedSummary", { amount: account.recreditAmount ?? 0, threshold: creditsToNumber(account.recreditThreshold) })
              : t("home.recreditOffSummary")}
        </p>
        {recredit === "suspended" ? (
          <RecreditWayBack />
        ) : null}
        {lastAttempt ? (
          <div className="mt-3" data-testid="last-attempt">
            <Notice tone={lastAttempt.status === "succeeded" ? "success" : lastAttempt.status === "pending" ? "info" : "danger"}>
              {lastAttempt.status === "pending"
                ? t("recredit.pendingNow", { amount: lastAttempt.amount, orderId: lastAttempt.orderId ?? 0 })
                : lastAttempt.status === "succeeded"
                ? t("recredit.lastOk", { amount: lastAttempt.amount, date: format.dateTime(lastAttempt.createdAt, DATE_TIME) })
                : t("recredit.lastFailed", {
                    date: format.dateTime(lastAttempt.createdAt, DATE_TIME),
                    reason: t(`recredit.reason.${lastAttempt.reason}` as never),
                  })}
              {lastAttempt.switchedOff ? ` ${t("recredit.switchedOff")}` : ""}
            </Notice>
          </div>
        ) : null}
        <Link href={`${base}/options/recredit`} className="mt-3 inline-block text-sm font-medium text-brand-700 underline underline-offset-2">
          {t("home.recreditLink")}
        </Link>
      </Card>

      <Card className="lg:col-span-2" aria-labelledby="activity-title">
        <CardTitle id="activity-title">{t("home.activity")}</CardTitle>
        {entries.length === 0 ? (
          <div className="mt-3">
            <EmptyState title={t("home.noActivityTitle")}>{t("home.noActivityBody")}</EmptyState>
          </div>
        ) : (
          <div className="mt-3">
            <LedgerTable entries={entries} caption={t("home.activityCaption")} />
            <Link href={`${base}/history`} className="mt-3 inline-block text-sm font-medium text-brand-700 underline underline-offset-2">
              {t("home.viewHistory")}
            </Link>
          </div>
        )}
      </Card>

      <Card aria-labelledby="details-title">
        <CardTitle id="details-title">{t("home.details")}</CardTitle>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-600">{t("home.description")}</dt>
          <dd data-testid="description">{account.description || "—"}</dd>
          <dt className="text-slate-600">{t("home.created")}</dt>
          <dd>
            <time dateTime={account.createdAt.toISOString()}>{format.dateTime(account.createdAt, UTC_DATE)}</time>
          </dd>
          <dt className="text-slate-600">{t("home.age")}</dt>
          <dd data-testid="age">{ageText}</dd>
          <dt className="text-slate-600">{t("home.customer")}</dt>
          <dd>{user.customer.nicHandle}</dd>
        </dl>
        {can(user.role, "editAccount") ? (
          <div className="mt-4">
            <ClientMessages keys={[...DESCRIPTION_FORM_MESSAGES, ...FORM_RESULT_MESSAGES]}>
              <DescriptionForm serviceName={account.serviceName} description={account.description} maxLength={DESCRIPTION_MAX_LENGTH} />
            </ClientMessages>
          </div>
        ) : null}
      </Card>
    </div>
  );
}

