import type { InvoicePdfContent } from "./invoice-pdf";
import { formatMoney, formatUnitPrice, parseUnitPrice, vatPercent } from "./money";
import type { OrderView } from "./orders";

/** A translator of the full message tree ("orders.seller"), as next-intl's getTranslations() or createTranslator(). */
export type Translate = (key: string, values?: Record<string, string | number | Date>) => string;

/** An order that is an invoice: paid, numbered, with its parties recorded. */
export type IssuedInvoice = OrderView & {
  invoiceNumber: string;
  invoiceParties: NonNullable<OrderView["invoiceParties"]>;
  paidAt: Date;
};

export function isIssuedInvoice(order: OrderView): order is IssuedInvoice {
  return order.status === "paid" && !!order.invoiceNumber && !!order.invoiceParties && !!order.paidAt;
}

/**
 * What an invoice says, translated and formatted (money exact, from minor units, in the reader's locale): the PDF
 * lays it out; the invoice page shows the same figures with the same formatters.
 */
export function invoiceContent(invoice: IssuedInvoice, t: Translate, locale: string): InvoicePdfContent {
  const money = (minor: bigint) => formatMoney(minor, invoice.currency, locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(invoice.paidAt);
  const { seller, customer } = invoice.invoiceParties;
  const vat = (number: string | null) => (number ? [t("orders.vatNumber", { number })] : []);
  return {
    title: t("orders.invoiceNumberTitle", { number: invoice.invoiceNumber }),
    facts: [
      [t("orders.invoiceNumber"), invoice.invoiceNumber],
      [t("orders.issuedOn"), date],
      [t("orders.number"), t("orders.numberValue", { id: invoice.id })],
      [t("buy.paymentMethod"), invoice.paymentMethod ?? "—"],
    ],
    seller: {
      heading: t("orders.seller"),
      lines: [seller.name, ...seller.address, ...vat(seller.vatNumber), ...(seller.registration ? [seller.registration] : [])],
    },
    customer: {
      heading: t("orders.billedTo"),
      lines: [customer.name, ...customer.address, ...vat(customer.vatNumber), t("orders.customerRef", { handle: customer.nicHandle })],
    },
    columns: { item: t("orders.item"), quantity: t("orders.quantity"), unitPrice: t("buy.unitPrice"), amount: t("orders.amount") },
    line: {
      item: t("orders.itemLabel", { name: invoice.serviceName }),
      detail: t(`orders.kind.${invoice.kind}`),
      quantity: new Intl.NumberFormat(locale).format(invoice.quantity),
      unitPrice: formatUnitPrice(parseUnitPrice(invoice.unitPrice), invoice.currency, locale),
      amount: money(invoice.amountExclVatMinor),
    },
    totals: [
      { label: t("buy.exclVat"), value: money(invoice.amountExclVatMinor) },
      { label: t("buy.vat", { rate: new Intl.NumberFormat(locale).format(Number(vatPercent(invoice.vatBasisPoints))) }), value: money(invoice.vatMinor) },
      { label: t("buy.total"), value: money(invoice.totalMinor), strong: true },
    ],
    footer: t("orders.paidNote", { date, currency: invoice.currency }),
    meta: {
      title: t("orders.invoiceNumberTitle", { number: invoice.invoiceNumber }),
      author: seller.name,
      subject: t("orders.itemLabel", { name: invoice.serviceName }),
      language: locale,
    },
  };
}
