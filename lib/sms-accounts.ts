import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { smsAccounts, type SmsAccount } from "@/db/schema";

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
  const [account] = await db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), eq(smsAccounts.serviceName, serviceName)));
  return account ?? null;
}

export const DESCRIPTION_MAX_LENGTH = 120;

/** Changes the description of one of the customer's SMS accounts; null when it is not theirs. */
export async function updateDescription(
  db: DbOrTx,
  customerAccountId: number,
  serviceName: string,
  description: string,
): Promise<SmsAccount | null> {
  const [account] = await db
    .update(smsAccounts)
    .set({ description })
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), eq(smsAccounts.serviceName, serviceName)))
    .returning();
  return account ?? null;
}
