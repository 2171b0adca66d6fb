import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { HistoryEntry } from "@/lib/history";
import { CreditsValue } from "./credits";

/** Ledger entries: time, operation (with the other account of a transfer), amount, balance after. */
export async function LedgerTable({ entries, caption, withTime }: { entries: HistoryEntry[]; caption: string; withTime?: boolean }) {
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="hidden py-2 pr-3 sm:table-cell">{t("ledger.date")}</th>
            <th scope="col" className="py-2 pr-3">{t("ledger.operation")}</th>
            <th scope="col" className="py-2 pr-3 text-right">{t("ledger.amount")}</th>
            <th scope="col" className="hidden py-2 text-right sm:table-cell">{t("ledger.balanceAfter")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((e) => (
            <tr key={e.id.toString()}>
              <td className="hidden py-2 pr-3 whitespace-nowrap text-slate-600 sm:table-cell">
                <time dateTime={e.createdAt.toISOString()}>
                  {format.dateTime(e.createdAt, withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" })}
                </time>
              </td>
              <td className="py-2 pr-3">
                <span className="font-medium">{t(`ledger.kind.${e.kind}`)}</span>
                <span className="block text-xs text-slate-600 sm:hidden">{format.dateTime(e.createdAt, { dateStyle: "short" })}</span>
                {e.counterpart ? (
                  <span className="block text-xs text-slate-600">
                    {e.kind === "transfer_out" ? t("transfer.toAccount", { name: e.counterpart }) : t("transfer.fromAccount", { name: e.counterpart })}
                  </span>
                ) : null}
                {e.reference ? <span className="block text-xs break-all text-slate-600">{e.reference}</span> : null}
              </td>
              <td className="py-2 pr-3 text-right">
                <CreditsValue value={e.amount} locale={locale} signed />
              </td>
              <td className="hidden py-2 text-right sm:table-cell">
                <CreditsValue value={e.balanceAfter} locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
