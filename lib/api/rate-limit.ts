import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Requests per application, counted in the database (shared by every app instance): API_RATE_LIMIT per 10 seconds
 * (500 by default: 50 per second on average). Past it the API answers 429 with Retry-After.
 */
export const apiLimit = () => ({ points: env().API_RATE_LIMIT, duration: 10 });

const limiters = new WeakMap<object, RateLimiterDrizzle>();

export async function consumeApiQuota(db: Db, applicationKey: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: "api-app", clearExpiredByTimeout: false, ...apiLimit() });
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
