import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CreditsValue } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { creditsToNumber } from "@/lib/credits";
import { recreditState } from "@/lib/recredit-rules";
import { Notice } from "@/components/ui/notice";
import { hasValidMandate } from "@/lib/recredit";
import { listSmsAccounts } from "@/lib/sms-accounts";
import { RecreditBadge } from "@/components/recredit-badge";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("smsList");
  return { title: t("title") };
}

export default async function SmsAccountsPage() {
  const user = await requireUser();
  const db = await getDb();
  const [t, locale, accounts, mandate] = await Promise.all([
    getTranslations(),
    getLocale(),
    listSmsAccounts(db, user.customer.id),
    hasValidMandate(db, user.customer.id),
  ]);
  const suspended = accounts.some((a) => recreditState(a, mandate) === "suspended");
  return (
    <div className="flex flex-col gap-6">
      <div>
        <nav aria-label={t("nav.breadcrumb")} className="text-sm text-slate-600">
          {t("nav.telecom")} › <span aria-current="page">{t("nav.sms")}</span>
        </nav>
        <h1 className="mt-1 text-2xl font-semibold">{t("smsList.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("smsList.subtitle", { customer: user.customer.nicHandle })}</p>
      </div>
      {suspended ? (
        <Notice tone="warning" title={t("recredit.suspendedTitle")}>
          {t("recredit.suspendedListBody")}{" "}
          <Link href="/billing/payment-methods" className="font-medium underline underline-offset-2">
            {t("recredit.suspendedLink")}
          </Link>
        </Notice>
      ) : null}
      {accounts.length === 0 ? (
        <EmptyState title={t("smsList.emptyTitle")}>{t("smsList.emptyBody")}</EmptyState>
      ) : (
        <>
          <DataTable
            framed
            className="hidden sm:block"
            rowClassName="hover:bg-slate-50"
            caption={t("smsList.caption")}
            rows={accounts}
            rowKey={(a) => a.id}
            columns={[
              {
                header: t("smsList.service"),
                rowHeader: true,
                cell: (a) => (
                  <Link href={`/telecom/sms/${a.serviceName}`} className="text-brand-700 underline-offset-2 hover:underline">
                    {a.serviceName}
                  </Link>
                ),
              },
              {
                header: t("smsList.description"),
                className: "text-slate-700",
                cell: (a) => a.description || <span className="text-slate-400">—</span>,
              },
              {
                header: t("smsList.status"),
                cell: (a) => <Badge tone={a.status === "enable" ? "success" : "neutral"}>{t(`account.status.${a.status}`)}</Badge>,
              },
              {
                header: t("smsList.recredit"),
                cell: (a) => <RecreditBadge account={a} hasValidMandate={mandate} />,
              },
              {
                header: t("smsList.balance"),
                numeric: true,
                cell: (a) => <CreditsValue value={a.creditsLeft} locale={locale} className="font-semibold" />,
              },
            ]}
          />
          <ul className="flex flex-col gap-3 sm:hidden">
            {accounts.map((a) => (
              <li key={a.id}>
                <Link
                  href={`/telecom/sms/${a.serviceName}`}
                  className="flex items-center justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
                >
                  <span className="min-w-0">
                    <span className="block font-medium text-brand-700">{a.serviceName}</span>
                    <span className="block truncate text-sm text-slate-600">{a.description}</span>
                    {recreditState(a, mandate) === "suspended" ? (
                      <span className="mt-1 block">
                        <RecreditBadge account={a} hasValidMandate={mandate} />
                      </span>
                    ) : null}
                  </span>
                  <span className="text-right">
                    <CreditsValue value={a.creditsLeft} locale={locale} className="block text-lg font-semibold" />
                    <span className="text-xs text-slate-500">{t("account.creditsUnit", { count: creditsToNumber(a.creditsLeft) })}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
