import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import { namedStatement, type DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { env } from "@/lib/env";
import { refusalTable } from "@/lib/refusals";
import type { Role } from "./permissions";

/**
 * Server-side sessions. The session cookie (a next-auth JWT) carries only a random token; the database keeps its
 * SHA-256 as the session's id, so a copy of the table cannot be replayed as cookies. A session is live while it is
 * not revoked, before its absolute end (`expires_at`, SESSION_MAX_HOURS after login) and while it was used within
 * the idle timeout (SESSION_IDLE_MINUTES). Every page and action checks it (lib/auth/session.ts).
 */
export type SessionPolicy = { idleMinutes: number; maxHours: number };

export function sessionPolicy(): SessionPolicy {
  return { idleMinutes: env().SESSION_IDLE_MINUTES, maxHours: env().SESSION_MAX_HOURS };
}

/** last_seen_at is written at most this often per session (the idle timeout is precise to this much). */
export const TOUCH_INTERVAL_MS = 60_000;

export function sessionId(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createSession(
  db: DbOrTx,
  input: { userId: number; userAgent?: string | null; ipAddress?: string | null; now?: Date; policy?: SessionPolicy },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const policy = input.policy ?? sessionPolicy();
  const token = randomBytes(32).toString("base64url");
  const id = sessionId(token);
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  await db.insert(sessions).values({
    id,
    userId: input.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    userAgent: input.userAgent?.slice(0, 300) || null,
    ipAddress: input.ipAddress?.slice(0, 100) || null,
  });
  return { token, id, expiresAt };
}

function idleCutoff(now: Date, policy: SessionPolicy): Date {
  return new Date(now.getTime() - policy.idleMinutes * 60_000);
}

/** The SQL condition of a session that is live at `now`. */
function live(now: Date, policy: SessionPolicy): SQL {
  return and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff(now, policy)))!;
}

/** Whether the session of this token is live (for /api/auth/session: a revoked or expired one is never renewed). */
export async function isSessionLive(db: DbOrTx, token: string, now = new Date(), policy = sessionPolicy()): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId(token)), live(now, policy)));
  return Boolean(row);
}

export type SessionUserRow = {
  sessionId: string;
  user: { id: number; email: string; name: string; role: Role; locale: string | null };
  customer: { id: number; nicHandle: string; name: string; subsidiary: "FR" | "GB" | "IE" | "ES" | "IT" | "PL" };
};

type RawRow = {
  session_id: string;
  user_id: number;
  email: string;
  user_name: string;
  role: Role;
  locale: string | null;
  customer_id: number;
  nic_handle: string;
  customer_name: string;
  subsidiary: SessionUserRow["customer"]["subsidiary"];
};

/** Run on every page request: compiled once (db/client.ts namedStatement). */
const loadSessionStatement = namedStatement<RawRow, "id" | "at" | "idle" | "touchBefore">(
  "session_load",
  (v) => sql`
    with s as (
      select id, user_id, last_seen_at from sessions
      where id = ${v("id")} and revoked_at is null and expires_at > ${v("at")}::timestamptz and last_seen_at > ${v("idle")}::timestamptz
    ), touched as (
      update sessions set last_seen_at = ${v("at")}::timestamptz from s
      where sessions.id = s.id and s.last_seen_at < ${v("touchBefore")}::timestamptz
      returning sessions.id
    )
    select s.id as session_id, u.id as user_id, u.email, u.name as user_name, u.role, u.locale,
           c.id as customer_id, c.nic_handle, c.name as customer_name, c.subsidiary
    from s
    join users u on u.id = s.user_id
    join customer_accounts c on c.id = u.customer_account_id`,
);

/**
 * The live session of this token with its user and customer, in ONE statement: it also marks the session as seen
 * (at most once a minute, so a busy user does not write on every request). Null when the session is unknown,
 * revoked, past its lifetime or idle too long.
 */
export async function loadSession(db: DbOrTx, token: string, now = new Date(), policy = sessionPolicy()): Promise<SessionUserRow | null> {
  const [row] = await loadSessionStatement(db, {
    id: sessionId(token),
    at: now.toISOString(),
    idle: idleCutoff(now, policy).toISOString(),
    touchBefore: new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString(),
  });
  if (!row) return null;
  return {
    sessionId: row.session_id,
    user: { id: Number(row.user_id), email: row.email, name: row.user_name, role: row.role, locale: row.locale },
    customer: { id: Number(row.customer_id), nicHandle: row.nic_handle, name: row.customer_name, subsidiary: row.subsidiary },
  };
}

/** Ends the session of this token (logging out). */
export async function revokeSession(db: DbOrTx, token: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId(token)), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends one of the user's sessions by its id (the list on the Security page); another user's id changes nothing. */
export const SESSION_REFUSALS = refusalTable<{ code: "session_not_found" }>("security", {
  session_not_found: { message: "security.sessionNotFound" },
});

export async function revokeUserSession(db: DbOrTx, userId: number, id: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every session of the user ("log out everywhere"), or every one but `exceptId` (after a password change). */
export async function revokeUserSessions(db: DbOrTx, userId: number, options: { exceptId?: string; now?: Date } = {}): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: options.now ?? new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), options.exceptId ? ne(sessions.id, options.exceptId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** The user's live sessions, most recently used first. */
export async function listUserSessions(db: DbOrTx, userId: number, now = new Date(), policy = sessionPolicy()) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), live(now, policy)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(50);
}
