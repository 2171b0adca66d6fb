import "server-only";
import { and, asc, count, desc, eq, ilike, isNotNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { preparedRead, type DbOrTx } from "@/db/client";
import { smsAccounts, type SmsAccount } from "@/db/schema";
import type { Credits } from "../credits/amounts";
import { refusalTable } from "../refusals";
import { hasNul, text } from "../validation/common";

/**
 * SMS accounts, always scoped to a customer account. Another customer's SMS account is indistinguishable from one
 * that does not exist (callers answer 404, never 403).
 */
export async function listSmsAccounts(db: DbOrTx, customerAccountId: number): Promise<SmsAccount[]> {
  return db
    .select()
    .from(smsAccounts)
    .where(eq(smsAccounts.customerAccountId, customerAccountId))
    .orderBy(asc(smsAccounts.serviceName));
}

/**
 * The SMS accounts list of a customer of any size (5,000 accounts and more): one page, sorted by name or balance,
 * optionally narrowed to the accounts whose name or description contains a text. The sort rides the indexes
 * (customer, service_name) and (customer, credits_left, service_name); a search reads only the customer's rows.
 */
export const SMS_LIST_SORTS = ["name", "balance"] as const;
export type SmsListSort = (typeof SMS_LIST_SORTS)[number];
export type SmsListQuery = { q: string; sort: SmsListSort; dir: "asc" | "desc"; page: number };
export const SMS_LIST_PAGE_SIZE = 25;
export const SEARCH_MAX_LENGTH = 100;

/** A search text as typed: trimmed; absent or blank means no search. */
const searchText = z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), text().max(SEARCH_MAX_LENGTH)).catch("");

/**
 * The list's query string: `q`, `sort` (name | balance), `dir` (asc | desc) and `page` (from 1). A link is a
 * bookmark, so a hand-edited or stale value falls back to the default rather than failing the page.
 */
const smsListQuerySchema = z.object({
  q: searchText,
  sort: z.enum(SMS_LIST_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

/** Names read A→Z first; balances largest first (the accounts that hold the credits). */
export function defaultSmsListDir(sort: SmsListSort): "asc" | "desc" {
  return sort === "balance" ? "desc" : "asc";
}

export function parseSmsListQuery(params: Record<string, string | string[] | undefined>): SmsListQuery {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const parsed = smsListQuerySchema.parse({ q: first(params.q), sort: first(params.sort), dir: first(params.dir), page: first(params.page) ?? 1 });
  return { ...parsed, dir: parsed.dir ?? defaultSmsListDir(parsed.sort) };
}

/** `%text%` for ILIKE, its wildcards taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchCondition(q: string) {
  if (!q) return undefined;
  const pattern = containsPattern(q);
  return or(ilike(smsAccounts.serviceName, pattern), ilike(smsAccounts.description, pattern));
}

export async function pageSmsAccounts(
  db: DbOrTx,
  customerAccountId: number,
  query: SmsListQuery,
  pageSize = SMS_LIST_PAGE_SIZE,
): Promise<{ accounts: SmsAccount[]; total: number; pages: number; page: number }> {
  const where = and(eq(smsAccounts.customerAccountId, customerAccountId), searchCondition(query.q));
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(smsAccounts).where(where);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pages);
  const accounts = await smsListStatement(db, customerAccountId, { ...query, page }, pageSize);
  return { accounts, total, pages, page };
}

/** The statement of one page of the list; `.toSQL()` explains it. */
export function smsListStatement(db: DbOrTx, customerAccountId: number, query: SmsListQuery, pageSize = SMS_LIST_PAGE_SIZE) {
  const direction = query.dir === "asc" ? asc : desc;
  const order =
    query.sort === "balance"
      ? [direction(smsAccounts.creditsLeft), direction(smsAccounts.serviceName)]
      : [direction(smsAccounts.serviceName)];
  return db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), searchCondition(query.q)))
    .orderBy(...order)
    .limit(pageSize)
    .offset((query.page - 1) * pageSize);
}

/** Whether any SMS account of the customer has an automatic re-credit set (suspended when no mandate is valid). */
export async function hasRecreditSet(db: DbOrTx, customerAccountId: number): Promise<boolean> {
  return (await recreditSetStatement(db, customerAccountId)).length > 0;
}

/** Its statement (one probe of the partial index sms_accounts_customer_recredit_idx); `.toSQL()` explains it. */
export function recreditSetStatement(db: DbOrTx, customerAccountId: number) {
  return db
    .select({ one: sql<number>`1` })
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), isNotNull(smsAccounts.recreditAmount)))
    .limit(1);
}

/** An account as a picker shows it: name, description, balance, and whether it can receive credits. */
export type AccountChoice = { serviceName: string; description: string; creditsLeft: Credits; enabled: boolean };

export const ACCOUNT_CHOICES_LIMIT = 20;

/**
 * The first accounts of the customer whose name or description contains `q` (all when blank), by name, without
 * `exclude` (a transfer's source): what the transfer form's pickers offer as the user types.
 */
export async function searchAccountChoices(
  db: DbOrTx,
  customerAccountId: number,
  options: { q: string; exclude?: string; limit?: number },
): Promise<AccountChoice[]> {
  const rows = await db
    .select({
      serviceName: smsAccounts.serviceName,
      description: smsAccounts.description,
      creditsLeft: smsAccounts.creditsLeft,
      status: smsAccounts.status,
    })
    .from(smsAccounts)
    .where(
      and(
        eq(smsAccounts.customerAccountId, customerAccountId),
        options.exclude ? ne(smsAccounts.serviceName, options.exclude) : undefined,
        searchCondition(options.q),
      ),
    )
    .orderBy(asc(smsAccounts.serviceName))
    .limit(options.limit ?? ACCOUNT_CHOICES_LIMIT);
  return rows.map(({ status, ...r }) => ({ ...r, enabled: status === "enable" }));
}

/** Parses a picker's query string (`q`, `exclude`): bad values become a blank search rather than an error. */
export function parseChoicesQuery(search: URLSearchParams): { q: string; exclude?: string } {
  const q = searchText.parse(search.get("q") ?? "");
  const exclude = search.get("exclude");
  return { q, ...(exclude && !hasNul(exclude) && exclude.length <= 100 ? { exclude } : {}) };
}

export async function findSmsAccount(
  db: DbOrTx,
  customerAccountId: number,
  serviceName: string,
): Promise<SmsAccount | null> {
  // No account has a NUL in its name, and PostgreSQL would refuse the query (a 500): a page or export path with %00.
  if (hasNul(serviceName)) return null;
  const [account] = await accountByName(db, { customerAccountId, serviceName });
  return account ?? null;
}

/** Every page of an SMS account and every API call on one starts here: prepared once (db/client.ts preparedRead). */
const accountByName = preparedRead("sms_account_by_name", (db) =>
  db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, sql.placeholder("customerAccountId")), eq(smsAccounts.serviceName, sql.placeholder("serviceName")))),
);

export const DESCRIPTION_MAX_LENGTH = 120;

/** Changes the description of one of the customer's SMS accounts; null when it is not theirs. */
export type DescriptionRefusal = { code: "description_too_long"; max: number };

export const ACCOUNT_REFUSALS = refusalTable<DescriptionRefusal | { code: "account_not_found" }>("account", {
  description_too_long: { field: "description" },
  account_not_found: { status: 404, message: "accountNotFound" },
});

/** The description rule: trimmed, at most DESCRIPTION_MAX_LENGTH characters. Pure, so a caller can check first. */
export function checkDescription(raw: string): { ok: true; value: string } | ({ ok: false } & DescriptionRefusal) {
  const value = raw.trim();
  if (value.length > DESCRIPTION_MAX_LENGTH) return { ok: false, code: "description_too_long", max: DESCRIPTION_MAX_LENGTH };
  return { ok: true, value };
}

/** Sets an SMS account's description (the panel's form and the API's PUT /sms/{serviceName}). */
export async function updateDescription(
  db: DbOrTx,
  customerAccountId: number,
  serviceName: string,
  raw: string,
): Promise<{ ok: true; account: SmsAccount } | ({ ok: false } & (DescriptionRefusal | { code: "account_not_found" }))> {
  const description = checkDescription(raw);
  if (!description.ok) return description;
  const [account] = await db
    .update(smsAccounts)
    .set({ description: description.value })
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), eq(smsAccounts.serviceName, serviceName)))
    .returning();
  return account ? { ok: true, account } : { ok: false, code: "account_not_found" };
}
