import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CreditsValue } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { calendarAge } from "@/lib/calendar";
import { formatCredits } from "@/lib/credits";
import { DESCRIPTION_MAX_LENGTH, recentLedgerEntries } from "@/lib/sms-accounts";
import { loadAccount } from "./data";
import { DescriptionForm } from "./description-form";

export async function generateMetadata({ params }: { params: Promise<{ serviceName: string }> }): Promise<Metadata> {
  const { serviceName } = await params;
  return { title: decodeURIComponent(serviceName) };
}

export default async function SmsAccountHome({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const [t, format, locale, entries] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    getDb().then((db) => recentLedgerEntries(db, account.id, 5)),
  ]);
  const base = `/telecom/sms/${account.serviceName}`;
  const age = calendarAge(account.createdAt, new Date());
  const ageParts = [
    age.years > 0 ? t("age.years", { count: age.years }) : null,
    age.months > 0 ? t("age.months", { count: age.months }) : null,
    age.years === 0 && age.months === 0 ? t("age.days", { count: age.days }) : null,
  ].filter((p): p is string => p !== null);
  const ageText = new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(ageParts);
  const recreditOn = account.recreditAmount !== null;

  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
      <Card className="lg:col-span-2" aria-labelledby="balance-title">
        <CardTitle id="balance-title">{t("home.balance")}</CardTitle>
        <p className="mt-3 flex items-baseline gap-2" data-testid="balance">
          <CreditsValue value={account.creditsLeft} locale={locale} className="text-4xl font-bold tracking-tight" />
          <span className="text-slate-600">{t("account.creditsUnit")}</span>
        </p>
        {account.creditsLeft === 0n ? <p className="mt-2 text-sm text-amber-800">{t("home.emptyBalance")}</p> : null}
        <div className="mt-5 flex flex-wrap gap-2">
          {can(user.role, "transferCredits") ? (
            <ButtonLink href={`${base}/transfer`} variant="secondary">
              {t("home.transferAction")}
            </ButtonLink>
          ) : (
            <p className="text-sm text-slate-600">{t("home.readOnly")}</p>
          )}
        </div>
      </Card>

      <Card aria-labelledby="recredit-title">
        <div className="flex items-center justify-between gap-2">
          <CardTitle id="recredit-title">{t("home.recredit")}</CardTitle>
          <Badge tone={recreditOn ? "success" : "neutral"}>{recreditOn ? t("home.recreditOn") : t("home.recreditOff")}</Badge>
        </div>
        <p className="mt-3 text-sm text-slate-700" data-testid="recredit-state">
          {recreditOn
            ? t("home.recreditSummary", {
                amount: format.number(account.recreditAmount ?? 0),
                threshold: formatCredits(account.recreditThreshold, locale),
              })
            : t("home.recreditOffSummary")}
        </p>
        <Link href={`${base}/options/recredit`} className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
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
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">{t("home.activityCaption")}</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">{t("ledger.date")}</th>
                  <th scope="col" className="py-2 pr-3">{t("ledger.operation")}</th>
                  <th scope="col" className="py-2 pr-3 text-right">{t("ledger.amount")}</th>
                  <th scope="col" className="hidden py-2 text-right sm:table-cell">{t("ledger.balanceAfter")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {entries.map((e) => (
                  <tr key={e.id.toString()}>
                    <td className="py-2 pr-3 whitespace-nowrap text-slate-600">
                      <time dateTime={e.createdAt.toISOString()}>{format.dateTime(e.createdAt, { dateStyle: "medium" })}</time>
                    </td>
                    <td className="py-2 pr-3">
                      <span className="font-medium">{t(`ledger.kind.${e.kind}`)}</span>
                      {e.reference ? <span className="block text-xs text-slate-600">{e.reference}</span> : null}
                    </td>
                    <td className="py-2 pr-3 text-right">
                      <CreditsValue value={e.amount} locale={locale} signed />
                    </td>
                    <td className="hidden py-2 text-right sm:table-cell">
                      <CreditsValue value={e.balanceAfter} locale={locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
            <time dateTime={account.createdAt.toISOString()}>{format.dateTime(account.createdAt, { dateStyle: "long" })}</time>
          </dd>
          <dt className="text-slate-600">{t("home.age")}</dt>
          <dd data-testid="age">{ageText}</dd>
          <dt className="text-slate-600">{t("home.customer")}</dt>
          <dd>{user.customer.nicHandle}</dd>
        </dl>
        {can(user.role, "editAccount") ? (
          <div className="mt-4">
            <DescriptionForm serviceName={account.serviceName} description={account.description} maxLength={DESCRIPTION_MAX_LENGTH} />
          </div>
        ) : null}
      </Card>
    </div>
  );
}

