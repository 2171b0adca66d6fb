import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { TransferListItem } from "@/lib/transfers";
import { CreditsValue } from "./credits";
import { EmptyState } from "./ui/empty-state";

/** Transfers touching one SMS account, newest first: time, direction, the other account, amount, id. */
export async function TransferList({ items, serviceName }: { items: TransferListItem[]; serviceName: string }) {
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  if (items.length === 0) return <EmptyState title={t("transfer.noTransfersTitle")}>{t("transfer.noTransfersBody")}</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{t("transfer.listCaption", { name: serviceName })}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="hidden py-2 pr-3 sm:table-cell">{t("ledger.date")}</th>
            <th scope="col" className="py-2 pr-3">{t("transfer.counterpart")}</th>
            <th scope="col" className="py-2 pr-3 text-right">{t("ledger.amount")}</th>
            <th scope="col" className="hidden py-2 xl:table-cell">{t("transfer.id")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => {
            const outgoing = item.source === serviceName;
            return (
              <tr key={item.id}>
                <td className="hidden py-2 pr-3 whitespace-nowrap text-slate-600 sm:table-cell">
                  <time dateTime={item.createdAt.toISOString()}>{format.dateTime(item.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                </td>
                <td className="py-2 pr-3">
                  {outgoing ? t("transfer.toAccount", { name: item.target }) : t("transfer.fromAccount", { name: item.source })}
                  <span className="block text-xs text-slate-600 sm:hidden">{format.dateTime(item.createdAt, { dateStyle: "short" })}</span>
                  {item.reference ? <span className="block text-xs text-slate-600">{item.reference}</span> : null}
                </td>
                <td className="py-2 pr-3 text-right">
                  <CreditsValue value={outgoing ? -item.amount : item.amount} locale={locale} signed />
                </td>
                <td className="hidden py-2 font-mono text-xs text-slate-600 xl:table-cell" title={item.id}>{item.id.slice(0, 8)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
