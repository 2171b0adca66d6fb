import "server-only";
import { createHash, randomInt } from "node:crypto";
import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import type { DbOrTx } from "@/db/client";
import { recoveryCodes, userTotp } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/lib/api/secrets";
import { refusalTable } from "@/lib/refusals";
import { checkUserPassword } from "./password";

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, the authenticator apps' default)
 * as a second step of the login, with 10 one-time recovery codes. The secret is stored encrypted with AUTH_SECRET;
 * recovery codes only as SHA-256 hashes. A code is accepted one step early or late (clock drift), and never twice:
 * the last accepted step is kept and only a later one passes.
 */
export const TOTP_ISSUER = "SMS Credits";
export const TOTP_PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;
const WINDOW = 1;

/** Refusals of the second step's set-up (the password asked with the first code is refused here too). */
export type TotpRefusal =
  | { code: "already_enabled" }
  | { code: "not_pending" }
  | { code: "invalid_code" }
  | { code: "wrong_password" }
  | { code: "not_enabled" }
  | { code: "invalid_proof" };

export const TOTP_REFUSALS = refusalTable<TotpRefusal>("security", {
  already_enabled: { message: "security.alreadyEnabled" },
  not_pending: { message: "security.notPending" },
  invalid_code: { field: "code", message: "security.invalidCode" },
  wrong_password: { field: "password", message: "security.wrongPassword" },
  not_enabled: { message: "security.notEnabled" },
  invalid_proof: { field: "code", message: "security.invalidProof" },
});

function totp(secretBase32: string, email: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: email, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** The code an authenticator shows at `at` (tests, and nothing else, need this). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32, "x").generate({ timestamp: at.getTime() });
}

export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** What the Security page shows: off, being set up (secret and URI to scan), or on. */
export type TotpState =
  | { status: "off" }
  | { status: "pending"; secret: string; uri: string }
  | { status: "on"; enabledAt: Date; recoveryCodesLeft: number };

export async function totpState(db: DbOrTx, user: { id: number; email: string }, authSecret: string): Promise<TotpState> {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, user.id));
  if (!row) return { status: "off" };
  if (!row.enabledAt) {
    const secret = decryptSecret(row.secretEncrypted, authSecret);
    return { status: "pending", secret, uri: totpUri(secret, user.email) };
  }
  const [left] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
  return { status: "on", enabledAt: row.enabledAt, recoveryCodesLeft: Number(left?.n ?? 0) };
}

export async function hasTotp(db: DbOrTx, userId: number): Promise<boolean> {
  const [row] = await db.select({ on: userTotp.enabledAt }).from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.enabledAt)));
  return Boolean(row);
}

/** Starts (or restarts) the set-up with a new random secret. Refused while the second step is on. */
export async function startTotpSetup(
  db: DbOrTx,
  user: { id: number; email: string },
  authSecret: string,
): Promise<{ ok: true; secret: string; uri: string } | { ok: false; code: "already_enabled" }> {
  const secret = new Secret({ size: 20 }).base32;
  const stored = encryptSecret(secret, authSecret);
  const rows = await db
    .insert(userTotp)
    .values({ userId: user.id, secretEncrypted: stored })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secretEncrypted: stored, lastUsedStep: null }, setWhere: isNull(userTotp.enabledAt) })
    .returning({ userId: userTotp.userId });
  if (rows.length === 0) return { ok: false, code: "already_enabled" };
  return { ok: true, secret, uri: totpUri(secret, user.email) };
}

/** Abandons a set-up that was not confirmed. */
export async function cancelTotpSetup(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(userTotp).where(and(eq(userTotp.userId, userId), isNull(userTotp.enabledAt)));
}

/** The time step a code matches (within the drift window), or null. */
function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secretBase32, "x").validate({ token, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}

/** Claims the step: only one request may use a given code (a concurrent or later replay is refused). */
async function claimStep(db: DbOrTx, userId: number, step: number, enabled: boolean, now: Date): Promise<boolean> {
  const rows = await db
    .update(userTotp)
    .set({ lastUsedStep: step, ...(enabled ? {} : { enabledAt: now }) })
    .where(
      and(
        eq(userTotp.userId, userId),
        enabled ? isNotNull(userTotp.enabledAt) : isNull(userTotp.enabledAt),
        or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step)),
      ),
    )
    .returning({ userId: userTotp.userId });
  return rows.length > 0;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, "");
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

function newRecoveryCode(): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Replaces the user's recovery codes with 10 new ones, returned in clear this once. */
async function replaceRecoveryCodes(db: DbOrTx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/**
 * Turns the second step on with the first code from the authenticator, which proves it was set up right; returns
 * the recovery codes to show once.
 */
export async function confirmTotp(
  db: DbOrTx,
  userId: number,
  code: string,
  authSecret: string,
  now = new Date(),
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; code: "not_pending" | "invalid_code" }> {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId));
  if (!row || row.enabledAt) return { ok: false, code: "not_pending" };
  const step = matchingStep(decryptSecret(row.secretEncrypted, authSecret), code, now);
  if (step === null) return { ok: false, code: "invalid_code" };
  return db.transaction(async (tx) => {
    if (!(await claimStep(tx, userId, step, false, now))) return { ok: false as const, code: "not_pending" as const };
    return { ok: true as const, recoveryCodes: await replaceRecoveryCodes(tx, userId) };
  });
}

/** A current code of the user's enabled authenticator; each code works once. */
export async function verifyTotp(db: DbOrTx, userId: number, code: string, authSecret: string, now = new Date()): Promise<boolean> {
  const [row] = await db.select().from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.enabledAt)));
  if (!row) return false;
  const step = matchingStep(decryptSecret(row.secretEncrypted, authSecret), code, now);
  return step !== null && (await claimStep(db, userId, step, true, now));
}

/** Uses one recovery code: true once per code, whatever the concurrency. */
export async function redeemRecoveryCode(db: DbOrTx, userId: number, code: string, now = new Date()): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== 10) return false;
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

/** The login's second step: a 6-digit code from the authenticator, or else one of the recovery codes. */
export async function verifySecondFactor(db: DbOrTx, userId: number, code: string, authSecret: string, now = new Date()): Promise<boolean> {
  const trimmed = code.trim();
  if (/^\d[\d\s]*$/.test(trimmed)) return verifyTotp(db, userId, trimmed, authSecret, now);
  return redeemRecoveryCode(db, userId, trimmed, now);
}

/**
 * Turns the second step off. Needs a current code (or a recovery code) or the user's password: a session left open
 * is not enough to remove it.
 */
export async function disableTotp(
  db: DbOrTx,
  userId: number,
  proof: { code?: string; password?: string },
  authSecret: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; code: "not_enabled" | "invalid_proof" }> {
  if (!(await hasTotp(db, userId))) return { ok: false, code: "not_enabled" };
  let proven = false;
  if (proof.code?.trim()) proven = await verifySecondFactor(db, userId, proof.code, authSecret, now);
  if (!proven && proof.password) proven = await checkUserPassword(db, userId, proof.password);
  if (!proven) return { ok: false, code: "invalid_proof" };
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.delete(userTotp).where(eq(userTotp.userId, userId));
  });
  return { ok: true };
}
