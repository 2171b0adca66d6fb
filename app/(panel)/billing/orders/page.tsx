import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/money";
import { listOrders } from "@/lib/orders";

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
      <div>
        <h1 className="text-2xl font-semibold">{t("orders.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("orders.subtitle", { customer: user.customer.nicHandle })}</p>
      </div>
      {orders.length === 0 ? (
        <EmptyState title={t("orders.emptyTitle")}>{t("orders.emptyBody")}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("orders.caption")}</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-3">{t("orders.number")}</th>
                <th scope="col" className="hidden px-4 py-3 sm:table-cell">{t("ledger.date")}</th>
                <th scope="col" className="hidden px-4 py-3 sm:table-cell">{t("orders.account")}</th>
                <th scope="col" className="hidden px-4 py-3 text-right sm:table-cell">{t("buy.credits")}</th>
                <th scope="col" className="px-4 py-3 text-right">{t("buy.total")}</th>
                <th scope="col" className="px-4 py-3">{t("orders.status")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.map((o) => (
                <tr key={o.id}>
                  <th scope="row" className="px-4 py-3 text-left font-medium">
                    <Link href={`/billing/orders/${o.id}`} className="text-brand-700 underline underline-offset-2">
                      {t("orders.numberValue", { id: o.id })}
                    </Link>
                    <span className="block text-xs font-normal text-slate-600 sm:hidden">
                      {format.dateTime(o.createdAt, { dateStyle: "short" })} · {o.serviceName} · {nf.format(o.quantity)}
                    </span>
                  </th>
                  <td className="hidden px-4 py-3 whitespace-nowrap text-slate-600 sm:table-cell">{format.dateTime(o.createdAt, { dateStyle: "medium" })}</td>
                  <td className="hidden px-4 py-3 sm:table-cell">
                    {o.serviceName}
                    <span className="block text-xs text-slate-600">{t(`orders.kind.${o.kind}`)}</span>
                  </td>
                  <td className="num hidden px-4 py-3 text-right sm:table-cell">{nf.format(o.quantity)}</td>
                  <td className="num px-4 py-3 text-right">{formatMoney(o.totalMinor, o.currency, locale)}</td>
                  <td className="px-4 py-3">
                    <Badge tone={o.status === "paid" ? "success" : o.status === "failed" ? "danger" : "warning"}>{t(`orders.statusValue.${o.status}`)}</Badge>
                    {o.status === "failed" && o.failureReason ? (
                      <span className="block text-xs text-slate-600">{t(`errors.buy.reason.${o.failureReason}` as never)}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
