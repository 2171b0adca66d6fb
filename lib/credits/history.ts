import "server-only";
import { LEDGER_KINDS } from "@/db/enums";
import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { ledgerEntries, orders, smsAccounts, transfers, type LedgerEntry } from "@/db/schema";
import type { Credits } from "./amounts";
import type { LedgerKind } from "./ledger";
import { isCanonicalId, MAX_INT8, text } from "../validation/common";

/**
 * Reading the ledger: filtered, newest first (by time, then entry id), keyset-paginated on (time, id), with the
 * other account of each transfer. Every filter is one range of an index, however many entries an account has:
 * (account, time, id) for days, (account, kind, time, id) for a kind with or without days. Balances are never
 * computed by summing entries.
 */
export { LEDGER_KINDS };

export type HistoryFilter = {
  kinds?: LedgerKind[];
  /** Inclusive start (UTC midnight of the chosen day). */
  from?: Date;
  /** Exclusive end (UTC midnight after the chosen day). */
  to?: Date;
};

/** An entry, with the other account of a transfer and the invoice number of a purchase or re-credit. */
export type HistoryEntry = LedgerEntry & { counterpart: string | null; invoiceNumber: string | null };

function conditions(smsAccountId: number, filter: HistoryFilter, beforeId?: bigint) {
  return and(
    eq(ledgerEntries.smsAccountId, smsAccountId),
    filter.kinds?.length ? inArray(ledgerEntries.kind, filter.kinds) : undefined,
    filter.from ? gte(ledgerEntries.createdAt, filter.from) : undefined,
    filter.to ? lt(ledgerEntries.createdAt, filter.to) : undefined,
    // The cursor is an entry of this account; its (time, id) is where the next page starts.
    beforeId !== undefined
      ? sql`(${ledgerEntries.createdAt}, ${ledgerEntries.id}) < (select c.created_at, c.id from ${ledgerEntries} c where c.id = ${beforeId} and c.sms_account_id = ${smsAccountId})`
      : undefined,
  );
}

/** The statement of one history page (limit + 1 rows, to know whether another page follows); `.toSQL()` explains it. */
export function historyQuery(db: DbOrTx, smsAccountId: number, filter: HistoryFilter, page: { beforeId?: bigint; limit: number }) {
  const src = alias(smsAccounts, "src");
  const dst = alias(smsAccounts, "dst");
  return db
    .select({
      entry: ledgerEntries,
      counterpart: sql<string | null>`case when ${ledgerEntries.kind} = 'transfer_out' then ${dst.serviceName}
        when ${ledgerEntries.kind} = 'transfer_in' then ${src.serviceName} end`,
      invoiceNumber: orders.invoiceNumber,
    })
    .from(ledgerEntries)
    .leftJoin(transfers, eq(transfers.id, ledgerEntries.transferId))
    .leftJoin(orders, eq(orders.id, ledgerEntries.orderId))
    .leftJoin(src, eq(src.id, transfers.sourceSmsAccountId))
    .leftJoin(dst, eq(dst.id, transfers.targetSmsAccountId))
    .where(conditions(smsAccountId, filter, page.beforeId))
    .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id))
    .limit(page.limit + 1);
}

export async function listHistory(
  db: DbOrTx,
  smsAccountId: number,
  filter: HistoryFilter,
  page: { beforeId?: bigint; limit: number },
): Promise<{ entries: HistoryEntry[]; nextBeforeId: bigint | null }> {
  const rows = await historyQuery(db, smsAccountId, filter, page);
  const entries = rows.slice(0, page.limit).map((r) => ({ ...r.entry, counterpart: r.counterpart, invoiceNumber: r.invoiceNumber }));
  return { entries, nextBeforeId: rows.length > page.limit ? entries.at(-1)!.id : null };
}

/** Every entry matching the filter, newest first, read in pages so an export of millions never sits in memory. */
export async function* iterateHistory(db: DbOrTx, smsAccountId: number, filter: HistoryFilter, pageSize = 1000) {
  let beforeId: bigint | undefined;
  for (;;) {
    const page = await listHistory(db, smsAccountId, filter, { beforeId, limit: pageSize });
    yield* page.entries;
    if (page.nextBeforeId === null) return;
    beforeId = page.nextBeforeId;
  }
}

/**
 * The closing balance of each UTC day of the last `days` days (today included): the balance after the last entry
 * before the day's end (the previous day's when the day has none, 0 before the first entry). One index probe per
 * day, newest entry first: the cost follows the number of days, not of entries (an account with 200,000 entries
 * costs what a new one does).
 */
export async function dailyBalances(
  db: DbOrTx,
  smsAccountId: number,
  days: number,
  now: Date = new Date(),
): Promise<Array<{ day: string; balance: Credits }>> {
  return dailyBalancesStatement(db, smsAccountId, days, now);
}

/** Its statement; `.toSQL()` explains it. */
export function dailyBalancesStatement(db: DbOrTx, smsAccountId: number, days: number, now: Date = new Date()) {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const firstEnd = new Date(end.getTime() - (days - 1) * 86_400_000);
  return db
    .select({
      day: sql<string>`to_char((d.day_end - interval '1 day') at time zone 'UTC', 'YYYY-MM-DD')`,
      balance: sql`coalesce((
        select l.balance_after from ${ledgerEntries} l
        where l.sms_account_id = ${smsAccountId} and l.created_at < d.day_end
        order by l.created_at desc, l.id desc limit 1), 0)`.mapWith(ledgerEntries.balanceAfter),
    })
    .from(sql`generate_series(${firstEnd.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, interval '1 day') as d(day_end)`)
    .orderBy(sql`d.day_end`);
}

/** The dates a filter may name: a ledger has no entry before 2000, and a far date is a typo or a probe. */
export const HISTORY_DATE_MIN = "2000-01-01";
export const HISTORY_DATE_MAX = "2099-12-31";

export type HistoryQueryError = "invalid_kind" | "invalid_date" | "date_out_of_range" | "date_range" | "invalid_before";

/** An absent parameter and an empty one (a form's blank field) mean the same: no filter. */
const param = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

const day = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, { message: "invalid_date", abort: true })
  // ISO dates of equal length compare as text.
  .refine((v) => v >= HISTORY_DATE_MIN && v <= HISTORY_DATE_MAX, { message: "date_out_of_range", abort: true });

/**
 * The query string of the History page and of its CSV export, parsed once: the kind, the days (inclusive), and the
 * page cursor (a ledger entry id). The messages are the codes of `errors.history.*`.
 */
export const historyQuerySchema = z
  .object({
    kind: param(z.enum(LEDGER_KINDS, { message: "invalid_kind" })),
    from: param(day),
    to: param(day),
    before: param(text().refine((v) => isCanonicalId(v, MAX_INT8), { message: "invalid_before" })),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "date_range" });

export type HistoryQuery =
  | { ok: true; filter: HistoryFilter; beforeId?: bigint }
  | { ok: false; error: HistoryQueryError; params: Record<string, string> };

/** Parses the history query of a URL: unknown kinds, malformed or far dates and bad cursors are reported, not ignored. */
export function parseHistoryQuery(params: { kind?: unknown; from?: unknown; to?: unknown; before?: unknown }): HistoryQuery {
  const parsed = historyQuerySchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    const error: HistoryQueryError =
      field === "kind" ? "invalid_kind"
      : field === "before" ? "invalid_before"
      : field === undefined ? "date_range"
      : issue?.message === "date_out_of_range" ? "date_out_of_range"
      : "invalid_date";
    return { ok: false, error, params: error === "date_out_of_range" ? { min: HISTORY_DATE_MIN, max: HISTORY_DATE_MAX } : {} };
  }
  const q = parsed.data;
  const filter: HistoryFilter = {};
  if (q.kind) filter.kinds = [q.kind];
  if (q.from) filter.from = new Date(`${q.from}T00:00:00Z`);
  if (q.to) filter.to = new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000);
  return { ok: true, filter, ...(q.before !== undefined ? { beforeId: BigInt(q.before) } : {}) };
}

/** The filter part of a history query (kind and days). */
export function parseHistoryFilter(params: { kind?: string; from?: string; to?: string }):
  | { ok: true; filter: HistoryFilter }
  | { ok: false; error: HistoryQueryError } {
  const parsed = parseHistoryQuery(params);
  return parsed.ok ? { ok: true, filter: parsed.filter } : { ok: false, error: parsed.error };
}
