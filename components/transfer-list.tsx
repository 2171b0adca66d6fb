import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { TransferListItem } from "@/lib/credits/transfers";
import { CreditsValue } from "./credits";
import { DataTable } from "./ui/data-table";
import { EmptyState } from "./ui/empty-state";
import { DATE_TIME } from "@/lib/i18n/dates";

/** Transfers touching one SMS account, newest first: direction and the other account, time, id, reference, amount. */
export async function TransferList({ items, serviceName }: { items: TransferListItem[]; serviceName: string }) {
  const [t, format, locale] = await Promise.all([getTranslations(), getFormatter(), getLocale()]);
  if (items.length === 0) return <EmptyState title={t("transfer.noTransfersTitle")}>{t("transfer.noTransfersBody")}</EmptyState>;
  const outgoing = (item: TransferListItem) => item.source === serviceName;
  return (
    <DataTable
      caption={t("transfer.listCaption", { name: serviceName })}
      rows={items}
      rowKey={(item) => item.id}
      columns={[
        {
          header: t("transfer.counterpart"),
          cell: (item) => (
            <>
              <span className="whitespace-nowrap">
                {outgoing(item) ? t("transfer.toAccount", { name: item.target }) : t("transfer.fromAccount", { name: item.source })}
              </span>
              <span className="block text-xs text-slate-600">
                <time dateTime={item.createdAt.toISOString()}>{format.dateTime(item.createdAt, DATE_TIME)}</time>
                {" · "}
                <span className="font-mono" title={item.id}>
                  {item.id.slice(0, 8)}
                </span>
              </span>
              {item.reference ? <span className="block text-xs break-all text-slate-600">{item.reference}</span> : null}
            </>
          ),
        },
        {
          header: t("ledger.amount"),
          numeric: true,
          cell: (item) => <CreditsValue value={outgoing(item) ? -item.amount : item.amount} locale={locale} signed />,
        },
      ]}
    />
  );
}
