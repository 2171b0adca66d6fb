import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { CreditsValue } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { listRates, matchesCountry } from "@/lib/sms/rates";
import { SUBSIDIARY_INFO } from "@/lib/billing/subsidiaries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("rates");
  return { title: t("title") };
}

export default async function RatesPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requireUser();
  const [{ q }, t, locale] = await Promise.all([searchParams, getTranslations(), getLocale()]);
  const query = typeof q === "string" ? q.slice(0, 60) : "";
  const rates = await listRates(await getDb(), user.customer.subsidiary);
  const names = new Intl.DisplayNames([locale], { type: "region" });
  const home = SUBSIDIARY_INFO[user.customer.subsidiary].homeDestination;
  const rows = rates
    .map((r) => ({ ...r, name: names.of(r.countryCode) ?? r.countryCode }))
    .filter((r) => matchesCountry(query, r.countryCode, r.name))
    .sort((a, b) => (a.countryCode === home ? -1 : b.countryCode === home ? 1 : a.name.localeCompare(b.name, locale)));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("rates.title")} subtitle={t("rates.subtitle", { country: names.of(user.customer.subsidiary) ?? user.customer.subsidiary })} />
      <form method="get" role="search" className="flex max-w-md gap-2">
        <label htmlFor="q" className="sr-only">{t("rates.search")}</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder={t("rates.searchPlaceholder")}
          className="min-h-10 flex-1 rounded-md border border-slate-300 bg-white px-3 text-sm"
        />
        <button type="submit" className={buttonClass("primary")}>{t("rates.search")}</button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={t("rates.emptyTitle", { query })}>{t("rates.emptyBody")}</EmptyState>
      ) : (
        <DataTable
          framed
          dense
          className="max-w-2xl"
          caption={t("rates.caption")}
          rows={rows}
          rowKey={(r) => r.countryCode}
          columns={[
            {
              header: t("rates.destination"),
              rowHeader: true,
              className: "font-normal",
              cell: (r) => (
                <>
                  {r.name} <span className="text-xs text-slate-500">{r.countryCode}</span>{" "}
                  {r.countryCode === home ? <Badge tone="info">{t("rates.home")}</Badge> : null}
                </>
              ),
            },
            { header: t("rates.credits"), numeric: true, cell: (r) => <CreditsValue value={r.credits} locale={locale} className="font-medium" /> },
          ]}
        />
      )}
    </div>
  );
}
