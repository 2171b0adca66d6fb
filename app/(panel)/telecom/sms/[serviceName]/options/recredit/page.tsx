import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { creditsToNumber, creditsToString } from "@/lib/credits";
import { formatMoney } from "@/lib/money";
import { listTiers } from "@/lib/price-tiers";
import { quotePrice } from "@/lib/pricing";
import { conditionsFor, recentAttempts, settingChanges } from "@/lib/recredit";
import { RECREDIT_AMOUNTS, recreditState } from "@/lib/recredit-rules";
import { SUBSIDIARY_INFO } from "@/lib/subsidiaries";
import { loadAccount } from "../../data";
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

export default async function RecreditPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const db = await getDb();
  const [t, format, locale, conditions, tiers, attempts, changes] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    conditionsFor(db, account),
    listTiers(db, user.customer.subsidiary),
    recentAttempts(db, account.id),
    settingChanges(db, account.id),
  ]);
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
        <Card aria-labelledby="state-title">
          <CardHeader
            id="state-title"
            title={t("recredit.title")}
            aside={<RecreditBadge account={account} hasValidMandate={conditions.mandate.met} />}
          />
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
              />
            ) : (
              <Notice tone="info">{t("recredit.readOnly")}</Notice>
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
