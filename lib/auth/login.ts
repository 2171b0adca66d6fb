import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginThrottle, users, type User } from "@/db/schema";
import { verifyPassword } from "./password";

/**
 * Password login with failed attempts limited per account and per client address. The counters live in the
 * database, so every app instance shares them. A refusal never says whether the e-mail exists: an unknown e-mail
 * counts and answers exactly like a wrong password.
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
    const common = { storeClient: db, schema: loginThrottle, clearExpiredByTimeout: false };
    found = {
      account: new RateLimiterDrizzle({ ...common, keyPrefix: "login-account", ...LOGIN_LIMITS.perAccount }),
      address: new RateLimiterDrizzle({ ...common, keyPrefix: "login-address", ...LOGIN_LIMITS.perAddress }),
    };
    limitersByDb.set(db, found);
  }
  return found;
}

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function authenticate(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
): Promise<LoginResult> {
  const email = normaliseEmail(input.email);
  const { account, address } = limiters(db);
  const [byAccount, byAddress] = await Promise.all([account.get(email), address.get(input.clientAddress)]);
  const blocked = [
    [byAccount, LOGIN_LIMITS.perAccount.points],
    [byAddress, LOGIN_LIMITS.perAddress.points],
  ] as const;
  const retryAfterMs = Math.max(
    0,
    ...blocked.filter(([res, points]) => res && res.consumedPoints >= points).map(([res]) => res!.msBeforeNext),
  );
  if (retryAfterMs > 0) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (valid && user) {
    await account.delete(email);
    return { ok: true, user };
  }
  try {
    await Promise.all([account.penalty(email, 1), address.penalty(input.clientAddress, 1)]);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
  return { ok: false, reason: "invalid" };
}
