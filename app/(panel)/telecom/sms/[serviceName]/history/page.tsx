import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LedgerTable } from "@/components/ledger-table";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { LEDGER_KINDS, listHistory, parseHistoryQuery } from "@/lib/credits/history";
import { loadAccount } from "../data";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("history") };
}

const PAGE_SIZE = 25;

type Search = { kind?: string; from?: string; to?: string; before?: string };

export default async function HistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ serviceName: string }>;
  searchParams: Promise<Search>;
}) {
  const [{ serviceName }, search] = await Promise.all([params, searchParams]);
  const { account } = await loadAccount(serviceName);
  const t = await getTranslations();
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const filterParams = { kind: str(search.kind), from: str(search.from), to: str(search.to) };
  const parsed = parseHistoryQuery({ ...filterParams, before: str(search.before) });
  const beforeId = parsed.ok ? parsed.beforeId : undefined;
  const page = parsed.ok ? await listHistory(await getDb(), account.id, parsed.filter, { beforeId, limit: PAGE_SIZE }) : null;
  const base = `/telecom/sms/${account.serviceName}/history`;
  const query = new URLSearchParams(Object.entries(filterParams).filter(([, v]) => v !== ""));
  const withQuery = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const s = q.toString();
    return s ? `?${s}` : "";
  };

  return (
    <Card aria-labelledby="history-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="history-title" className="text-base font-semibold">
          {t("history.title")}
        </h2>
        <a href={`${base}/export${withQuery()}`} className={buttonClass("secondary")} download>
          {t("history.export")}
        </a>
      </div>
      <form method="get" action={base} className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-4 sm:items-end">
        <div className="flex flex-col gap-1">
          <label htmlFor="kind" className="text-sm font-medium">{t("history.kind")}</label>
          <select id="kind" name="kind" defaultValue={filterParams.kind} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm">
            <option value="">{t("history.allKinds")}</option>
            {LEDGER_KINDS.map((k) => (
              <option key={k} value={k}>{t(`ledger.kind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="from" className="text-sm font-medium">{t("history.from")}</label>
          <input id="from" name="from" type="date" defaultValue={filterParams.from} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="to" className="text-sm font-medium">{t("history.to")}</label>
          <input id="to" name="to" type="date" defaultValue={filterParams.to} className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm" />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary")}>{t("history.apply")}</button>
          {query.size > 0 ? (
            <Link href={base} className={buttonClass("ghost")}>{t("history.reset")}</Link>
          ) : null}
        </div>
      </form>
      <p className="mt-2 text-xs text-slate-600">{t("history.utcNote")}</p>

      <div className="mt-4">
        {!parsed.ok ? (
          <Notice tone="danger" live testId="history-error">{t(`errors.history.${parsed.error}`, parsed.params)}</Notice>
        ) : page && page.entries.length === 0 ? (
          <EmptyState title={t("history.emptyTitle")}>{query.size > 0 ? t("history.emptyFiltered") : t("history.emptyBody")}</EmptyState>
        ) : page ? (
          <>
            <LedgerTable entries={page.entries} caption={t("history.caption", { name: account.serviceName })} withTime />
            <KeysetPager
              label={t("history.pages")}
              newest={beforeId !== undefined ? { href: `${base}${withQuery()}`, label: t("history.newest") } : undefined}
              older={page.nextBeforeId !== null ? { href: `${base}${withQuery({ before: page.nextBeforeId.toString() })}`, label: t("history.older") } : undefined}
            />
          </>
        ) : null}
      </div>
    </Card>
  );
}
