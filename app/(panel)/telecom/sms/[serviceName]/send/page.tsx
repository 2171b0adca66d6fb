import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CreditsAmount } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { creditsToString } from "@/lib/credits/amounts";
import { DATE_TIME } from "@/lib/i18n/dates";
import { newFormToken } from "@/lib/idempotency";
import { formatMoney } from "@/lib/billing/money";
import { quoteForSubsidiary } from "@/lib/billing/price-tiers";
import { listRates } from "@/lib/sms/rates";
import { hasValidMandate } from "@/lib/recredit/trigger";
import { formatPhoneForPeople } from "@/lib/sms/recipients";
import { listOutgoing, parseOutgoingBefore } from "@/lib/sms/send";
import { loadAccount } from "../data";
import { CancelSendButton } from "./cancel-button";
import { SendForm } from "./send-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("send") };
}

const PAGE_SIZE = 20;

export default async function SendPage({ params, searchParams }: { params: Promise<{ serviceName: string }>; searchParams: Promise<{ before?: string }> }) {
  const [{ serviceName }, { before }] = await Promise.all([params, searchParams]);
  const { user, account } = await loadAccount(serviceName);
  const beforeId = parseOutgoingBefore(before);
  const db = await getDb();
  const [t, format, locale, rates, { sms: outgoing, nextBeforeId }, mandate, recreditQuote] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    listRates(db, user.customer.subsidiary),
    listOutgoing(db, account.id, { limit: PAGE_SIZE, beforeId }),
    hasValidMandate(db, user.customer.id),
    account.recreditAmount === null ? null : quoteForSubsidiary(db, user.customer.subsidiary, account.recreditAmount),
  ]);
  // The re-credit a send may fire, for its review step: only one that can run (on, with a valid mandate).
  const recredit =
    account.recreditAmount !== null && mandate && recreditQuote
      ? { amount: account.recreditAmount, threshold: creditsToString(account.recreditThreshold), price: formatMoney(recreditQuote.totalMinor, recreditQuote.currency, locale) }
      : null;
  return (
    <div className="grid grid-cols-1 items-start gap-5 lg:grid-cols-5">
      <Card className="lg:col-span-3" aria-labelledby="send-title">
        <CardTitle id="send-title">{t("send.title")}</CardTitle>
        <p className="mt-1 mb-4 text-sm text-slate-600">{t("send.intro")}</p>
        {can(user.role, "sendSms") ? (
          <SendForm
            serviceName={account.serviceName}
            subsidiary={user.customer.subsidiary}
            rates={Object.fromEntries(rates.map((r) => [r.countryCode, creditsToString(r.credits)]))}
            balance={creditsToString(account.creditsLeft)}
            locale={locale}
            token={newFormToken()}
            recredit={recredit}
          />
        ) : (
          <Notice tone="info">{t("send.readOnly")}</Notice>
        )}
      </Card>
      <Card className="lg:col-span-2" aria-labelledby="outgoing-title">
        <CardTitle id="outgoing-title">{t("send.outgoing")}</CardTitle>
        {outgoing.length === 0 ? (
          <div className="mt-3"><EmptyState title={beforeId !== undefined ? t("send.noOlder") : t("send.noOutgoing")} /></div>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="outgoing">
            {outgoing.map((o) => (
              <li key={o.id.toString()} className="flex items-start justify-between gap-3 py-2">
                <div className="min-w-0">
                  <p className="num font-medium">{formatPhoneForPeople(o.receiver)}</p>
                  <p className="truncate text-xs text-slate-600">{o.message}</p>
                  <p className="text-xs text-slate-500">{format.dateTime(o.createdAt, DATE_TIME)}</p>
                </div>
                <div className="text-right">
                  <Badge tone={o.status === "delivered" ? "success" : o.status === "failed" ? "danger" : o.status === "canceled" ? "neutral" : "warning"}>{t(`send.status.${o.status}`)}</Badge>
                  {o.status === "failed" ? <span className="block text-xs text-slate-600">{t(`send.ptt.${o.ptt}` as never)}</span> : null}
                  {o.status === "pending" && o.deliverAfter ? (
                    <span className="block text-xs text-slate-600">{t("send.scheduled", { date: format.dateTime(o.deliverAfter, DATE_TIME) })}</span>
                  ) : null}
                  <span className="block text-xs text-slate-600">
                    <CreditsAmount value={o.credits} />
                  </span>
                  {o.deliverAfter && (o.status === "pending" || o.status === "canceled") && can(user.role, "sendSms") ? (
                    <CancelSendButton serviceName={account.serviceName} id={o.id.toString()} receiver={o.receiver} open={o.status === "pending"} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        <KeysetPager
          label={t("send.outgoingPages")}
          newest={beforeId !== undefined ? { href: `/telecom/sms/${account.serviceName}/send`, label: t("send.newest") } : undefined}
          older={nextBeforeId !== null ? { href: `/telecom/sms/${account.serviceName}/send?before=${nextBeforeId}`, label: t("send.older") } : undefined}
        />
      </Card>
    </div>
  );
}
