import "server-only";
import { decode, encode } from "next-auth/jwt";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimits, users, type User } from "@/db/schema";
import { deleteExpiredIfDue } from "./housekeeping";
import { refusalTable } from "@/lib/refusals";
import { verifyPassword } from "./password";
import { hasTotp, verifySecondFactor } from "./totp";

/**
 * Login with attempts limited per account and per client address. The counters live in the database, so every app
 * instance shares them, and a point is taken atomically (one INSERT … ON CONFLICT DO UPDATE … RETURNING) BEFORE the
 * password or code is checked, then given back when it was right: however many guesses arrive at once, on however
 * many instances, at most `points` wrong ones are ever evaluated per window. A refusal never says whether the e-mail
 * exists: an unknown e-mail counts and answers exactly like a wrong password.
 */
export const LOGIN_LIMITS = {
  perAccount: { points: 5, duration: 15 * 60 },
  perAddress: { points: 30, duration: 15 * 60 },
} as const;

type Limiters = { account: RateLimiterDrizzle; address: RateLimiterDrizzle };
const limitersByDb = new WeakMap<object, Limiters>();

function limiters(db: Db): Limiters {
  let found = limitersByDb.get(db);
  if (!found) {
    const common = { storeClient: db, schema: rateLimits, clearExpiredByTimeout: false };
    found = {
      account: new RateLimiterDrizzle({ ...common, keyPrefix: "login-account", ...LOGIN_LIMITS.perAccount }),
      address: new RateLimiterDrizzle({ ...common, keyPrefix: "login-address", ...LOGIN_LIMITS.perAddress }),
    };
    limitersByDb.set(db, found);
  }
  return found;
}

export type Attempt = { ok: true; giveBack: () => Promise<void> } | { ok: false; retryAfterSeconds: number };

/** A spent allowance as a refusal of a form that checks a password or a code (the account's security page). */
export type ThrottleRefusal = { code: "throttled"; minutes: number };
export const THROTTLE_REFUSALS = refusalTable<ThrottleRefusal>("security", { throttled: { message: "security.throttled" } });
export const throttled = (retryAfterSeconds: number): { ok: false } & ThrottleRefusal => ({
  ok: false,
  code: "throttled",
  minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)),
});

/**
 * Takes one attempt from the account's and the address's counters. Refused (and evaluated by no one) when either is
 * spent; the point taken from a counter that was not spent is returned, so a blocked account does not use up its
 * address's allowance.
 */
export async function takeLoginAttempt(db: Db, email: string, clientAddress: string): Promise<Attempt> {
  await deleteExpiredIfDue(db);
  const { account, address } = limiters(db);
  const key = normaliseEmail(email);
  const [byAccount, byAddress] = await Promise.allSettled([account.consume(key, 1), address.consume(clientAddress, 1)]);
  for (const settled of [byAccount, byAddress]) {
    if (settled.status === "rejected" && !(settled.reason instanceof RateLimiterRes)) throw settled.reason;
  }
  if (byAccount.status === "rejected" || byAddress.status === "rejected") {
    const refunds: Promise<unknown>[] = [];
    if (byAccount.status === "fulfilled") refunds.push(account.reward(key, 1));
    if (byAddress.status === "fulfilled") refunds.push(address.reward(clientAddress, 1));
    await Promise.all(refunds);
    const waits = [byAccount, byAddress].flatMap((s) => (s.status === "rejected" ? [(s.reason as RateLimiterRes).msBeforeNext] : []));
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
  }
  return {
    ok: true,
    giveBack: async () => {
      await Promise.all([account.reward(key, 1), address.reward(clientAddress, 1)]);
    },
  };
}

export type LoginResult =
  | { ok: true; user: User; secondFactor: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The password step. `secondFactor` says the user turned on a one-time password: the caller must not open a
 * session yet but ask for the code (authenticateSecondFactor).
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  const attempt = await takeLoginAttempt(db, email, input.clientAddress);
  if (!attempt.ok) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!valid || !user) return { ok: false, reason: "invalid" };
  await attempt.giveBack();
  return { ok: true, user, secondFactor: await hasTotp(db, user.id) };
}

/**
 * The second step: a code of the user's authenticator or a recovery code. A wrong code counts against the same
 * limits as a wrong password.
 */
export async function authenticateSecondFactor(
  db: Db,
  input: { userId: number; email: string; code: string; clientAddress: string; authSecret: string; now?: Date },
): Promise<LoginResult> {
  const attempt = await takeLoginAttempt(db, input.email, input.clientAddress);
  if (!attempt.ok) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  const valid = Boolean(user) && input.code.length <= 64 && (await verifySecondFactor(db, input.userId, input.code, input.authSecret, input.now));
  if (!valid || !user) return { ok: false, reason: "invalid" };
  await attempt.giveBack();
  return { ok: true, user, secondFactor: false };
}

/**
 * Between the two steps the browser holds a challenge: an encrypted token (next-auth's JWE, 5 minutes) saying whose
 * password was right. It is worth nothing without a code, and every code tried with it is counted.
 */
export const CHALLENGE_SECONDS = 5 * 60;
const CHALLENGE_SALT = "sms-panel.login-second-factor";

export function issueLoginChallenge(user: { id: number; email: string }, authSecret: string): Promise<string> {
  return encode({
    token: { uid: user.id, email: normaliseEmail(user.email) },
    secret: authSecret,
    salt: CHALLENGE_SALT,
    maxAge: CHALLENGE_SECONDS,
  });
}

export async function readLoginChallenge(challenge: string, authSecret: string): Promise<{ userId: number; email: string } | null> {
  try {
    const token = await decode({ token: challenge, secret: authSecret, salt: CHALLENGE_SALT });
    const userId = Number(token?.uid);
    if (!Number.isSafeInteger(userId) || typeof token?.email !== "string") return null;
    return { userId, email: token.email };
  } catch {
    return null;
  }
}
