import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { PrintButton } from "@/components/print-button";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { isIssuedInvoice } from "@/lib/billing/invoice-document";
import { formatMoney, formatUnitPrice, parseUnitPrice, vatPercent } from "@/lib/billing/money";
import { DATE_TIME } from "@/lib/i18n/dates";
import { loadOrder } from "./data";

export async function generateMetadata({ params }: { params: Promise<{ orderId: string }> }): Promise<Metadata> {
  const t = await getTranslations("orders");
  return { title: t("numberValue", { id: (await params).orderId }) };
}

/** A party of the invoice: heading, name, address lines, VAT number, and what else identifies it. */
function Party({ heading, lines, testId }: { heading: string; lines: string[]; testId: string }) {
  const [name, ...rest] = lines;
  return (
    <div data-testid={testId}>
      <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{heading}</h2>
      <p className="mt-1 font-medium">{name}</p>
      {rest.map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}

/** One order; when paid, its invoice (numbered in its seller's sequence), laid out to print and as a PDF. */
export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { user, order } = await loadOrder((await params).orderId);
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  const nf = new Intl.NumberFormat(locale);
  const money = (minor: bigint) => formatMoney(minor, order.currency, locale);
  const invoice = isIssuedInvoice(order) ? order : null;
  const parties = invoice?.invoiceParties;
  const vatLine = (number: string | null) => (number ? [t("orders.vatNumber", { number })] : []);
  // The totals' labels span the columns before the amount: three from `sm` up, one on a phone (two columns step aside).
  const totalRow = (label: string, value: string, options: { strong?: boolean; testId?: string } = {}) => (
    <tr>
      <th scope="row" colSpan={3} className={`hidden py-1 pr-3 text-right sm:table-cell ${options.strong ? "font-semibold" : "font-normal text-slate-600"}`}>
        {label}
      </th>
      <th scope="row" className={`py-1 pr-3 text-right sm:hidden ${options.strong ? "font-semibold" : "font-normal text-slate-600"}`}>
        {label}
      </th>
      <td className={`num py-1 text-right whitespace-nowrap ${options.strong ? "font-semibold" : ""}`} data-testid={options.testId}>
        {value}
      </td>
    </tr>
  );
  return (
    <article className="card mx-auto max-w-3xl p-4 sm:p-6 print:border-0 print:shadow-none" data-testid="invoice">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-600 print:hidden">
            <Link href="/billing/orders" className="text-brand-700 underline underline-offset-2">{t("orders.title")}</Link>
          </p>
          <h1 className="mt-1 text-xl font-semibold sm:text-2xl" data-testid="invoice-title">
            {invoice ? t("orders.invoiceNumberTitle", { number: invoice.invoiceNumber }) : t("orders.numberValue", { id: order.id })}
          </h1>
          <p className="mt-1 text-sm text-slate-600">
            {invoice ? `${t("orders.numberValue", { id: order.id })} · ` : null}
            {format.dateTime(order.paidAt ?? order.createdAt, DATE_TIME)} UTC
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={order.status === "paid" ? "success" : order.status === "failed" ? "danger" : "warning"}>{t(`orders.statusValue.${order.status}`)}</Badge>
          {invoice ? (
            <>
              <a href={`/billing/orders/${order.id}/pdf`} download className={buttonClass("primary", "print:hidden")} data-testid="invoice-pdf">
                {t("orders.downloadPdf")}
              </a>
              <PrintButton label={t("orders.print")} />
            </>
          ) : null}
        </div>
      </div>
      {parties ? (
        <div className="mt-6 grid grid-cols-1 gap-4 text-sm sm:grid-cols-2">
          <Party
            testId="invoice-seller"
            heading={t("orders.seller")}
            lines={[parties.seller.name, ...parties.seller.address, ...vatLine(parties.seller.vatNumber), ...(parties.seller.registration ? [parties.seller.registration] : [])]}
          />
          <Party
            testId="invoice-customer"
            heading={t("orders.billedTo")}
            lines={[parties.customer.name, ...parties.customer.address, ...vatLine(parties.customer.vatNumber), t("orders.customerRef", { handle: parties.customer.nicHandle })]}
          />
        </div>
      ) : (
        <div className="mt-6 text-sm">
          <Party testId="invoice-customer" heading={t("orders.billedTo")} lines={[user.customer.name, user.customer.nicHandle]} />
        </div>
      )}
      <dl className="mt-4 text-sm">
        <dt className="text-slate-600">{t("buy.paymentMethod")}</dt>
        <dd>{order.paymentMethod ?? "—"}</dd>
        {order.status === "failed" && order.failureReason ? <dd className="text-red-700">{t(`errors.buy.reason.${order.failureReason}` as never)}</dd> : null}
      </dl>
      <div className="mt-6">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("orders.lines")}</caption>
          <thead className="border-b border-slate-200 text-left text-xs tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-3">{t("orders.item")}</th>
              <th scope="col" className="hidden py-2 pr-3 text-right sm:table-cell">{t("orders.quantity")}</th>
              <th scope="col" className="hidden py-2 pr-3 text-right sm:table-cell">{t("buy.unitPrice")}</th>
              <th scope="col" className="py-2 text-right">{t("orders.amount")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-slate-100">
              <td className="py-2 pr-3 align-top">
                {t("orders.itemLabel", { name: order.serviceName })}
                <span className="block text-xs text-slate-600">{t(`orders.kind.${order.kind}`)}</span>
                {/* On a phone the quantity and unit price columns step aside: they are here instead. */}
                <span className="num block text-xs text-slate-600 sm:hidden">
                  {nf.format(order.quantity)} × {formatUnitPrice(parseUnitPrice(order.unitPrice), order.currency, locale)}
                </span>
              </td>
              <td className="num hidden py-2 pr-3 text-right align-top sm:table-cell">{nf.format(order.quantity)}</td>
              <td className="num hidden py-2 pr-3 text-right align-top sm:table-cell">{formatUnitPrice(parseUnitPrice(order.unitPrice), order.currency, locale)}</td>
              <td className="num py-2 text-right align-top whitespace-nowrap">{money(order.amountExclVatMinor)}</td>
            </tr>
          </tbody>
          <tfoot>
            {totalRow(t("buy.exclVat"), money(order.amountExclVatMinor))}
            {totalRow(t("buy.vat", { rate: nf.format(Number(vatPercent(order.vatBasisPoints))) }), money(order.vatMinor), { testId: "invoice-vat" })}
            {totalRow(t("buy.total"), money(order.totalMinor), { strong: true, testId: "invoice-total" })}
          </tfoot>
        </table>
      </div>
    </article>
  );
}
