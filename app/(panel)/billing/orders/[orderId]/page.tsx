import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/print-button";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { formatMoney, formatUnitPrice, parseUnitPrice, vatPercent } from "@/lib/money";
import { findOrder } from "@/lib/orders";

export async function generateMetadata({ params }: { params: Promise<{ orderId: string }> }): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("numberValue", { id: (await params).orderId }) };
}

/** One order; when paid, its invoice, laid out to print. */
export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const user = await requireUser();
  const order = /^\d{1,9}$/.test(orderId) ? await findOrder(await getDb(), user.customer.id, Number(orderId)) : null;
  if (!order) notFound();
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  const nf = new Intl.NumberFormat(locale);
  const money = (minor: bigint) => formatMoney(minor, order.currency, locale);
  const invoice = order.status === "paid";
  return (
    <article className="mx-auto max-w-3xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm print:border-0 print:shadow-none" data-testid="invoice">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600 print:hidden">
            <Link href="/billing/orders" className="text-brand-700 underline underline-offset-2">{t("orders.title")}</Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold">
            {invoice ? t("orders.invoiceTitle", { id: order.id }) : t("orders.numberValue", { id: order.id })}
          </h1>
          <p className="mt-1 text-sm text-slate-600">{format.dateTime(order.paidAt ?? order.createdAt, { dateStyle: "long", timeStyle: "short" })} UTC</p>
        </div>
        <div className="flex items-center gap-2">
          <Badge tone={order.status === "paid" ? "success" : order.status === "failed" ? "danger" : "warning"}>{t(`orders.statusValue.${order.status}`)}</Badge>
          {invoice ? <PrintButton label={t("orders.print")} /> : null}
        </div>
      </div>
      <dl className="mt-6 grid grid-cols-1 gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">{t("orders.billedTo")}</dt>
          <dd className="font-medium">{user.customer.name}</dd>
          <dd>{user.customer.nicHandle}</dd>
        </div>
        <div>
          <dt className="text-slate-600">{t("buy.paymentMethod")}</dt>
          <dd>{order.paymentMethod ?? "—"}</dd>
          {order.status === "failed" && order.failureReason ? (
            <dd className="text-red-700">{t(`errors.buy.reason.${order.failureReason}` as never)}</dd>
          ) : null}
        </div>
      </dl>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("orders.lines")}</caption>
          <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3">{t("orders.item")}</th>
              <th scope="col" className="hidden py-2 pr-3 text-right sm:table-cell">{t("orders.quantity")}</th>
              <th scope="col" className="hidden py-2 pr-3 text-right sm:table-cell">{t("buy.unitPrice")}</th>
              <th scope="col" className="py-2 text-right">{t("buy.exclVat")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-slate-100">
              <td className="py-2 pr-3">
                {t("orders.itemLabel", { name: order.serviceName })}
                <span className="block text-xs text-slate-600">{t(`orders.kind.${order.kind}`)}</span>
                {/* On a phone the quantity and unit price columns step aside: they are here instead. */}
                <span className="num block text-xs text-slate-600 sm:hidden">
                  {nf.format(order.quantity)} × {formatUnitPrice(parseUnitPrice(order.unitPrice), order.currency, locale)}
                </span>
              </td>
              <td className="num hidden py-2 pr-3 text-right sm:table-cell">{nf.format(order.quantity)}</td>
              <td className="num hidden py-2 pr-3 text-right sm:table-cell">{formatUnitPrice(parseUnitPrice(order.unitPrice), order.currency, locale)}</td>
              <td className="num py-2 text-right">{money(order.amountExclVatMinor)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3} className="py-1 pr-3 text-right font-normal text-slate-600">{t("buy.exclVat")}</th>
              <td className="num py-1 text-right">{money(order.amountExclVatMinor)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3} className="py-1 pr-3 text-right font-normal text-slate-600">{t("buy.vat", { rate: new Intl.NumberFormat(locale).format(vatPercent(order.vatBasisPoints) as unknown as number) })}</th>
              <td className="num py-1 text-right" data-testid="invoice-vat">{money(order.vatMinor)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3} className="py-1 pr-3 text-right font-semibold">{t("buy.total")}</th>
              <td className="num py-1 text-right font-semibold" data-testid="invoice-total">{money(order.totalMinor)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </article>
  );
}
