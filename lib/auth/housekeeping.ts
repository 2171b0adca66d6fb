import "server-only";
import { isNotNull, lt, or, and } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimits, sessions } from "@/db/schema";

/**
 * Deletes what no longer counts: rate-limit rows past their window (logins and the API's, which share the table —
 * an expired row reads as absent to rate-limiter-flexible, so deleting it changes no limit) and sessions that ended
 * more than a day ago.
 */
export async function deleteExpired(db: DbOrTx, now = new Date()): Promise<{ throttleRows: number; sessions: number }> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const throttle = await db
    .delete(rateLimits)
    .where(and(isNotNull(rateLimits.expire), lt(rateLimits.expire, now)))
    .returning({ key: rateLimits.key });
  const ended = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, dayAgo), lt(sessions.revokedAt, dayAgo), lt(sessions.lastSeenAt, dayAgo)))
    .returning({ id: sessions.id });
  return { throttleRows: throttle.length, sessions: ended.length };
}

/** At most one clean-up a minute per database handle: logins call this, so no timer or extra process is needed. */
export const HOUSEKEEPING_INTERVAL_MS = 60_000;
const lastRun = new WeakMap<object, number>();

export async function deleteExpiredIfDue(db: DbOrTx, now = new Date()): Promise<boolean> {
  const last = lastRun.get(db);
  if (last !== undefined && now.getTime() - last < HOUSEKEEPING_INTERVAL_MS) return false;
  lastRun.set(db, now.getTime());
  await deleteExpired(db, now);
  return true;
}
