import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CreditsValue } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { recreditState } from "@/lib/recredit/rules";
import { Notice } from "@/components/ui/notice";
import { hasValidMandate } from "@/lib/recredit/trigger";
import { defaultSmsListDir, hasRecreditSet, pageSmsAccounts, parseSmsListQuery, SEARCH_MAX_LENGTH, type SmsListQuery, type SmsListSort } from "@/lib/sms/accounts";
import { RecreditBadge } from "@/components/recredit-badge";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("smsList");
  return { title: t("title") };
}

/** The list's URL for a query: only what differs from the defaults, so the plain list stays `/telecom/sms`. */
function listHref(query: SmsListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.dir !== defaultSmsListDir(query.sort)) params.set("dir", query.dir);
  if (query.page > 1) params.set("page", String(query.page));
  const s = params.toString();
  return s ? `/telecom/sms?${s}` : "/telecom/sms";
}

export default async function SmsAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, query] = await Promise.all([requireUser(), searchParams.then(parseSmsListQuery)]);
  const db = await getDb();
  const [t, locale, list, mandate, recreditSet] = await Promise.all([
    getTranslations(),
    getLocale(),
    pageSmsAccounts(db, user.customer.id, query),
    hasValidMandate(db, user.customer.id),
    hasRecreditSet(db, user.customer.id),
  ]);
  const accounts = list.accounts;
  // Re-credit is suspended on every account that has one set while no mandate is valid (lib/recredit/rules.ts).
  const suspended = !mandate && recreditSet;
  const current = { ...query, page: list.page };
  /** The header link of a sortable column: the other direction when it is the current sort, else its default. */
  const sortHref = (sort: SmsListSort) =>
    listHref({ q: query.q, sort, dir: query.sort === sort ? (query.dir === "asc" ? "desc" : "asc") : defaultSmsListDir(sort), page: 1 });
  const ariaSort = (sort: SmsListSort) => (query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined);
  const sortHeader = (sort: SmsListSort, label: string) => (
    <Link href={sortHref(sort)} className="inline-flex items-center gap-1 underline-offset-2 hover:underline">
      {label}
      <span aria-hidden="true">{query.sort === sort ? (query.dir === "asc" ? "▲" : "▼") : "↕"}</span>
    </Link>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        before={
          <nav aria-label={t("nav.breadcrumb")} className="text-sm text-slate-600">
            {t("nav.telecom")} › <span aria-current="page">{t("nav.sms")}</span>
          </nav>
        }
        title={t("smsList.title")}
        subtitle={t("smsList.subtitle", { customer: user.customer.nicHandle })}
      />
      {suspended ? (
        <Notice tone="warning" title={t("recredit.suspendedTitle")}>
          {t("recredit.suspendedListBody")}{" "}
          <Link href="/billing/payment-methods" className="font-medium underline underline-offset-2">
            {t("recredit.suspendedLink")}
          </Link>
        </Notice>
      ) : null}
      <form method="get" action="/telecom/sms" role="search" className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-0 flex-1 flex-col gap-1 sm:max-w-md">
          <label htmlFor="q" className="text-sm font-medium">
            {t("smsList.searchLabel")}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q}
            maxLength={SEARCH_MAX_LENGTH}
            aria-describedby="q-hint"
            className="min-h-10 rounded-md border border-slate-300 bg-white px-3 text-sm"
          />
          <p id="q-hint" className="text-xs text-slate-600">
            {t("smsList.searchHint")}
          </p>
        </div>
        {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== defaultSmsListDir(query.sort) ? <input type="hidden" name="dir" value={query.dir} /> : null}
        <div className="mb-5 flex gap-2">
          <button type="submit" className={buttonClass("primary")}>
            {t("smsList.search")}
          </button>
          {query.q ? (
            <Link href={listHref({ ...query, q: "", page: 1 })} className={buttonClass("ghost")}>
              {t("smsList.clearSearch")}
            </Link>
          ) : null}
        </div>
      </form>
      <p className="-mt-4 text-sm text-slate-600" aria-live="polite" data-testid="sms-list-count">
        {query.q ? t("smsList.matches", { count: list.total, q: query.q }) : t("smsList.count", { count: list.total })}
      </p>
      {accounts.length === 0 ? (
        query.q ? (
          <EmptyState title={t("smsList.noMatchTitle")}>
            <p>{t("smsList.noMatchBody", { q: query.q })}</p>
            <Link href={listHref({ ...query, q: "", page: 1 })} className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-2">
              {t("smsList.clearSearch")}
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title={t("smsList.emptyTitle")}>{t("smsList.emptyBody")}</EmptyState>
        )
      ) : (
        <>
          <nav aria-label={t("smsList.sortNav")} className="flex flex-wrap gap-x-4 gap-y-1 text-sm sm:hidden">
            <span className="text-slate-600">{t("smsList.sortBy")}</span>
            {(["name", "balance"] as const).map((sort) => (
              <Link key={sort} href={sortHref(sort)} aria-current={query.sort === sort ? "true" : undefined} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                {t(sort === "name" ? "smsList.service" : "smsList.balance")}{" "}
                <span aria-hidden="true">{query.sort === sort ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
                {query.sort === sort ? <span className="sr-only">{t(query.dir === "asc" ? "smsList.ascending" : "smsList.descending")}</span> : null}
              </Link>
            ))}
          </nav>
          {/* One table at every width: on a narrow screen the name's cell carries the description and a suspended
              re-credit, and the other columns step aside (a page of rows is rendered once, not twice). */}
          <DataTable
            framed
            rowClassName="hover:bg-slate-50"
            caption={t("smsList.caption")}
            rows={accounts}
            rowKey={(a) => a.id}
            columns={[
              {
                header: sortHeader("name", t("smsList.service")),
                sort: ariaSort("name"),
                rowHeader: true,
                cell: (a) => (
                  <>
                    {/* Not prefetched: a page of 25 rows would have the browser ask the server for 25 accounts' pages
                        as they scroll into view (issue 12); a click still navigates within the app. */}
                    <Link href={`/telecom/sms/${a.serviceName}`} prefetch={false} className="text-brand-700 underline-offset-2 hover:underline">
                      {a.serviceName}
                    </Link>
                    {a.description ? <span className="block font-normal break-words text-slate-600 sm:hidden">{a.description}</span> : null}
                    {suspended && recreditState(a, mandate) === "suspended" ? (
                      <span className="mt-1 block sm:hidden">
                        <Badge tone="warning">{t("home.recreditSuspended")}</Badge>
                      </span>
                    ) : null}
                  </>
                ),
              },
              {
                header: t("smsList.description"),
                from: "sm",
                className: "text-slate-700",
                cell: (a) => a.description || <span className="text-slate-400">—</span>,
              },
              {
                header: t("smsList.status"),
                from: "sm",
                cell: (a) => <Badge tone={a.status === "enable" ? "success" : "neutral"}>{t(`account.status.${a.status}`)}</Badge>,
              },
              {
                header: t("smsList.recredit"),
                from: "sm",
                cell: (a) => <RecreditBadge account={a} hasValidMandate={mandate} />,
              },
              {
                header: sortHeader("balance", t("smsList.balance")),
                sort: ariaSort("balance"),
                numeric: true,
                cell: (a) => <CreditsValue value={a.creditsLeft} locale={locale} className="font-semibold" />,
              },
            ]}
          />
          {list.pages > 1 ? (
            <nav aria-label={t("smsList.pages")} className="flex flex-wrap items-center justify-between gap-2">
              {list.page > 1 ? (
                <Link href={listHref({ ...current, page: list.page - 1 })} rel="prev" className={buttonClass("secondary")}>
                  {t("smsList.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-sm text-slate-600" aria-current="page">
                {t("smsList.pageStatus", { page: list.page, pages: list.pages })}
              </span>
              {list.page < list.pages ? (
                <Link href={listHref({ ...current, page: list.page + 1 })} rel="next" className={buttonClass("secondary")}>
                  {t("smsList.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
