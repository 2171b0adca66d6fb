import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { HistoryEntry } from "@/lib/credits/history";
import { describeReference, type LedgerReferenceParams } from "@/lib/credits/ledger-references";
import { formatPhoneForPeople } from "@/lib/sms/recipients";
import { CreditsValue } from "./credits";
import { DataTable } from "./ui/data-table";
import { DATE, DATE_TIME } from "@/lib/i18n/dates";

/** Turns an entry's reference (code, values and free text) into text in the reader's language. */
export async function referenceDescriber() {
  const t = await getTranslations("ledger.ref");
  return (entry: { referenceCode: string | null; referenceParams: LedgerReferenceParams | null; reference: string }) =>
    describeReference(entry, (code, params) =>
      t(code, code === "sms_refund" ? { ...params, receiver: formatPhoneForPeople(String(params.receiver)) } : params),
    );
}

/**
 * Ledger entries: time, operation (with the other account of a transfer), amount, balance after. On a phone the date
 * moves under the operation (same format as on a wide screen); with `withTime` (History) the time and the balance
 * after stay on a phone too.
 */
export async function LedgerTable({ entries, caption, withTime }: { entries: HistoryEntry[]; caption: string; withTime?: boolean }) {
  const [t, format, locale, describe] = await Promise.all([getTranslations(), getFormatter(), getLocale(), referenceDescriber()]);
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
              {format.dateTime(e.createdAt, withTime ? DATE_TIME : DATE)}
            </time>
          ),
        },
        {
          header: t("ledger.operation"),
          cell: (e) => (
            <>
              <span className="font-medium">{t(`ledger.kind.${e.kind}`)}</span>
              <time dateTime={e.createdAt.toISOString()} className="block text-xs text-slate-600 sm:hidden">
                {format.dateTime(e.createdAt, withTime ? DATE_TIME : DATE)}
              </time>
              {e.counterpart ? (
                <span className="block text-xs text-slate-600">
                  {e.kind === "transfer_out" ? t("transfer.toAccount", { name: e.counterpart }) : t("transfer.fromAccount", { name: e.counterpart })}
                </span>
              ) : null}
              {describe(e) ? <span className="block text-xs break-words text-slate-600">{describe(e)}</span> : null}
              {e.orderId !== null && e.invoiceNumber ? (
                <Link href={`/billing/orders/${e.orderId}`} className="block text-xs text-brand-700 underline underline-offset-2">
                  {t("orders.invoiceLink", { number: e.invoiceNumber })}
                </Link>
              ) : null}
            </>
          ),
        },
        { header: t("ledger.amount"), numeric: true, cell: (e) => <CreditsValue value={e.amount} locale={locale} signed /> },
        { header: t("ledger.balanceAfter"), numeric: true, from: withTime ? undefined : "sm", cell: (e) => <CreditsValue value={e.balanceAfter} locale={locale} /> },
      ]}
    />
  );
}
