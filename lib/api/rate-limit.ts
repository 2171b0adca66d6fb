import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { loginThrottle } from "@/db/schema";

/**
 * Requests per application, counted in the database (shared by every app instance): 50 per second on average over
 * 10 seconds. Past it the API answers 429 with Retry-After.
 */
export const API_LIMIT = { points: 500, duration: 10 } as const;

const limiters = new WeakMap<object, RateLimiterDrizzle>();

export async function consumeApiQuota(db: Db, applicationKey: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({ storeClient: db, schema: loginThrottle, keyPrefix: "api-app", clearExpiredByTimeout: false, ...API_LIMIT });
    limiters.set(db, limiter);
  }
  try {
    await limiter.consume(applicationKey, 1);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}
