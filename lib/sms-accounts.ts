import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { smsAccounts, type SmsAccount } from "@/db/schema";
import { refusalTable } from "./refusals";
import { hasNul } from "./validation/common";

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

export async function findSmsAccount(
  db: DbOrTx,
  customerAccountId: number,
  serviceName: string,
): Promise<SmsAccount | null> {
  // No account has a NUL in its name, and PostgreSQL would refuse the query (a 500): a page or export path with %00.
  if (hasNul(serviceName)) return null;
  const [account] = await db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), eq(smsAccounts.serviceName, serviceName)));
  return account ?? null;
}

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
