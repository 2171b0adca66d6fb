import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CreditsAmount } from "@/components/credits";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { listOrders } from "@/lib/billing/orders";
import { DATE } from "@/lib/i18n/dates";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("title") };
}

export default async function OrdersPage() {
  const user = await requireUser();
  const [t, format, locale, orders] = await Promise.all([
    getTranslations(),
    getFormatter(),
    getLocale(),
    getDb().then((db) => listOrders(db, user.customer.id)),
  ]);
  const nf = new Intl.NumberFormat(locale);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("orders.title")} subtitle={t("orders.subtitle", { customer: user.customer.nicHandle })} />
      {orders.length === 0 ? (
        <EmptyState title={t("orders.emptyTitle")}>{t("orders.emptyBody")}</EmptyState>
      ) : (
        <DataTable
          framed
          caption={t("orders.caption")}
          rows={orders}
          rowKey={(o) => o.id}
          columns={[
            {
              header: t("orders.number"),
              rowHeader: true,
              cell: (o) => (
                <>
                  <Link href={`/billing/orders/${o.id}`} className="whitespace-nowrap text-brand-700 underline underline-offset-2">
                    {o.invoiceNumber ? t("orders.invoiceLink", { number: o.invoiceNumber }) : t("orders.numberValue", { id: o.id })}
                  </Link>
                  {o.invoiceNumber ? <span className="block text-xs font-normal text-slate-600">{t("orders.numberValue", { id: o.id })}</span> : null}
                  <span className="block text-xs font-normal text-slate-600 sm:hidden">
                    {format.dateTime(o.createdAt, DATE)} · {o.serviceName} · <CreditsAmount value={o.quantity} />
                  </span>
                </>
              ),
            },
            {
              header: t("ledger.date"),
              from: "sm",
              className: "whitespace-nowrap text-slate-600",
              cell: (o) => format.dateTime(o.createdAt, DATE),
            },
            {
              header: t("orders.account"),
              from: "sm",
              cell: (o) => (
                <>
                  {o.serviceName}
                  <span className="block text-xs text-slate-600">{t(`orders.kind.${o.kind}`)}</span>
                </>
              ),
            },
            { header: t("buy.credits"), numeric: true, from: "sm", cell: (o) => nf.format(o.quantity) },
            { header: t("buy.total"), numeric: true, cell: (o) => formatMoney(o.totalMinor, o.currency, locale) },
            {
              header: t("orders.status"),
              cell: (o) => (
                <>
                  <Badge tone={o.status === "paid" ? "success" : o.status === "failed" ? "danger" : "warning"}>{t(`orders.statusValue.${o.status}`)}</Badge>
                  {o.status === "failed" && o.failureReason ? (
                    <span className="block text-xs text-slate-600">{t(`errors.buy.reason.${o.failureReason}` as never)}</span>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
