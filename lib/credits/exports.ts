import type { DbOrTx } from "@/db/client";
import { creditsToString } from "./amounts";
import { safeText } from "./csv";
import type { LedgerReferenceParams } from "./ledger-references";
import { iterateHistory, type HistoryFilter } from "./history";
import { listTransfers } from "./transfers";

/** Rows of the CSV exports (machine-readable: ISO times in UTC, amounts with a dot, kinds as codes). */
export const HISTORY_COLUMNS = ["entry_id", "time_utc", "kind", "amount", "balance_after", "counterpart", "reference", "reference_code", "actor", "transfer_id", "order_id"];

/**
 * `describe` renders the reference for the reader (the panel's own words translated, then the free text);
 * `reference_code` keeps the code for scripts. Phone numbers in references stay E.164 here.
 */
export async function* historyRows(
  db: DbOrTx,
  smsAccountId: number,
  filter: HistoryFilter,
  describe: (entry: { referenceCode: string | null; referenceParams: LedgerReferenceParams | null; reference: string }) => string,
) {
  for await (const e of iterateHistory(db, smsAccountId, filter)) {
    yield [
      e.id.toString(),
      e.createdAt.toISOString(),
      e.kind,
      creditsToString(e.amount),
      creditsToString(e.balanceAfter),
      e.counterpart ?? "",
      safeText(describe(e)),
      e.referenceCode ?? "",
      safeText(e.actorLabel),
      e.transferId ?? "",
      e.orderId?.toString() ?? "",
    ];
  }
}

export const TRANSFER_COLUMNS = ["transfer_id", "time_utc", "source", "target", "credits", "reference"];

export async function* transferRows(db: DbOrTx, customerAccountId: number, serviceName: string) {
  let beforeId: string | undefined;
  for (;;) {
    const page = await listTransfers(db, customerAccountId, { serviceName, limit: 1000, beforeId });
    for (const t of page) {
      yield [t.id, t.createdAt.toISOString(), t.source, t.target, creditsToString(t.amount), safeText(t.reference)];
    }
    if (page.length < 1000) return;
    beforeId = page.at(-1)!.id;
  }
}
