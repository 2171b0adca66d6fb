import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { HistoryEntry } from "@/lib/history";
import { CreditsValue } from "./credits";
import { DataTable } from "./ui/data-table";

/** Ledger entries: time, operation (with the other account of a transfer), amount, balance after. */
export async function LedgerTable({ entries, caption, withTime }: { entries: HistoryEntry[]; caption: string; withTime?: boolean }) {
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  return (
    <DataTable
      caption={caption}
      rows={entries}
      rowKey={(e) => e.id.toString()}
      columns={[
        {
          header: t("ledger.date"),
          from: "sm",
          className: "whitespace-nowrap text-slate-600",
          cell: (e) => (
            <time dateTime={e.createdAt.toISOString()}>
              {format.dateTime(e.createdAt, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" })}
            </time>
          ),
        },
        {
          header: t("ledger.operation"),
          cell: (e) => (
            <>
              <span className="font-medium">{t(`ledger.kind.${e.kind}`)}</span>
              <span className="block text-xs text-slate-600 sm:hidden">{format.dateTime(e.createdAt, { dateStyle: "short" })}</span>
              {e.counterpart ? (
                <span className="block text-xs text-slate-600">
                  {e.kind === "transfer_out" ? t("transfer.toAccount", { name: e.counterpart }) : t("transfer.fromAccount", { name: e.counterpart })}
                </span>
              ) : null}
              {e.reference ? <span className="block text-xs break-all text-slate-600">{e.reference}</span> : null}
              {e.orderId !== null && e.invoiceNumber ? (
                <Link href={`/billing/orders/${e.orderId}`} className="block text-xs text-brand-700 underline underline-offset-2">
                  {t("orders.invoiceLink", { number: e.invoiceNumber })}
                </Link>
              ) : null}
            </>
          ),
        },
        { header: t("ledger.amount"), numeric: true, cell: (e) => <CreditsValue value={e.amount} locale={locale} signed /> },
        { header: t("ledger.balanceAfter"), numeric: true, from: "sm", cell: (e) => <CreditsValue value={e.balanceAfter} locale={locale} /> },
      ]}
    />
  );
}
