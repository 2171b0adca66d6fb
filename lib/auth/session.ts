import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import type { Locale, Subsidiary } from "@/lib/billing/subsidiaries";
import { isLocale, SUBSIDIARY_INFO } from "@/lib/billing/subsidiaries";
import type { Role } from "./permissions";
import { decodeSessionCookie } from "./session-cookie";
import { loadSession } from "./sessions";

/** What the server knows of the signed-in user, loaded fresh from the database for each request. */
export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  customer: { id: number; nicHandle: string; name: string; subsidiary: Subsidiary };
  /** The id of the session (sessions.id) this request runs in. */
  sessionId: string;
};

/** Where a request whose session has ended is sent: it clears the cookie, then shows the login page. */
export const SESSION_ENDED_PATH = "/api/auth/ended";

const SECURE_COOKIE = "__Secure-authjs.session-token";

/**
 * The session token the cookie carries (the session cookie is a next-auth JWT holding only this random token),
 * decoded without a database query and without re-issuing the cookie. Null when there is no valid cookie.
 */
export const currentSessionToken = cache(async (): Promise<string | null> => {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const secureCookie = cookieStore.has(SECURE_COOKIE) || cookieStore.has(`${SECURE_COOKIE}.0`);
  const token = await getToken({ req: { headers: headerList }, secret: env().AUTH_SECRET, secureCookie, decode: decodeSessionCookie }).catch(() => null);
  return typeof token?.sid === "string" && token.sid ? token.sid : null;
});

/**
 * The signed-in user, or null. One database query per request (session, user and customer joined; see
 * lib/auth/sessions.ts loadSession): a revoked, idle or expired session, a deleted user or a new role count at once.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const token = await currentSessionToken();
  if (!token) return null;
  const row = await loadSession(await getDb(), token);
  if (!row) return null;
  const { user, customer } = row;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: isLocale(user.locale) ? user.locale : SUBSIDIARY_INFO[customer.subsidiary].defaultLocale,
    customer,
    sessionId: row.sessionId,
  };
});

/** For pages: the signed-in user, or (cookie cleared first) the login page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(SESSION_ENDED_PATH);
  return user;
}
