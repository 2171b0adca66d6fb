import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Locale } from "@/lib/billing/subsidiaries";

/** Saves a user's preferred language. */
export async function setUserLocale(db: DbOrTx, userId: number, locale: Locale): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

/** The users of a customer account (who may receive its alerts), by name: id, name and e-mail only. */
export async function usersOfCustomer(db: DbOrTx, customerAccountId: number): Promise<Array<{ id: number; name: string; email: string }>> {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.customerAccountId, customerAccountId))
    .orderBy(users.name, users.id);
}
