import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { refusalTable } from "@/lib/refusals";
import { revokeUserSessions } from "./sessions";

/** Password hashing with argon2id (OWASP's minimum: 19 MiB, 2 iterations, 1 lane). */
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable here) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of no one's password: verified against when the e-mail is unknown, so both cases take the same time. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    decoy ??= hashPassword("decoy password that matches no account");
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** A new password's length: long enough to resist guessing (NIST SP 800-63B asks at least 8; passphrases welcome). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordRefusal =
  | { code: "wrong_password" }
  | { code: "too_short"; min: number }
  | { code: "too_long"; max: number }
  | { code: "unchanged" };

export const PASSWORD_REFUSALS = refusalTable<PasswordRefusal>("security", {
  wrong_password: { field: "current", message: "security.wrongPassword" },
  too_short: { field: "next", message: "security.passwordTooShort" },
  too_long: { field: "next", message: "security.passwordTooLong" },
  unchanged: { field: "next", message: "security.passwordUnchanged" },
});

export type PasswordChange = { ok: true; endedSessions: number } | ({ ok: false } & PasswordRefusal);

/**
 * Changes a user's password after checking the current one, and ends every other session of the user (the one
 * making the change, `keepSessionId`, stays open).
 */
export async function changePassword(
  db: DbOrTx,
  input: { userId: number; current: string; next: string; keepSessionId?: string },
): Promise<PasswordChange> {
  if (input.next.length < PASSWORD_MIN_LENGTH) return { ok: false, code: "too_short", min: PASSWORD_MIN_LENGTH };
  if (input.next.length > PASSWORD_MAX_LENGTH) return { ok: false, code: "too_long", max: PASSWORD_MAX_LENGTH };
  const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(user.hash, input.current))) return { ok: false, code: "wrong_password" };
  if (input.next === input.current) return { ok: false, code: "unchanged" };
  const passwordHash = await hashPassword(input.next);
  const endedSessions = await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId));
    return revokeUserSessions(tx, input.userId, { exceptId: input.keepSessionId });
  });
  return { ok: true, endedSessions };
}

/** Whether this is the user's current password (re-authentication before a sensitive change). */
export async function checkUserPassword(db: DbOrTx, userId: number, password: string): Promise<boolean> {
  const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return verifyPassword(user?.hash ?? null, password);
}
