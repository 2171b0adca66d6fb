import { eq } from "drizzle-orm";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { customerAccounts, users } from "@/db/schema";
import type { Locale, Subsidiary } from "@/lib/subsidiaries";
import { isLocale, SUBSIDIARY_INFO } from "@/lib/subsidiaries";
import type { Role } from "./permissions";

/** What the server knows of the signed-in user, loaded fresh from the database for each request. */
export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  customer: { id: number; nicHandle: string; name: string; subsidiary: Subsidiary };
};

/** The signed-in user, or null. Reads the database once per request, so a deleted user or a new role counts at once. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const db = await getDb();
  const [row] = await db
    .select({ user: users, customer: customerAccounts })
    .from(users)
    .innerJoin(customerAccounts, eq(customerAccounts.id, users.customerAccountId))
    .where(eq(users.id, id));
  if (!row) return null;
  const { user, customer } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: isLocale(user.locale) ? user.locale : SUBSIDIARY_INFO[customer.subsidiary].defaultLocale,
    customer: { id: customer.id, nicHandle: customer.nicHandle, name: customer.name, subsidiary: customer.subsidiary },
  };
});

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}
