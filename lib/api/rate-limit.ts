import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Requests per application, counted in the database (shared by every app instance): API_RATE_LIMIT per 10 seconds
 * (500 by default: 50 per second on average). Past it the API answers 429 with Retry-After.
 *
 * Writing the counter on every call cost a committed write per request, so each instance counts in memory and adds
 * its count to the shared row every FLUSH_MS. Between two flushes an instance admits at most LOCAL_SHARE of the
 * limit on its own, and only while the shared count it last read plus its own unwritten count stay under the limit;
 * past that share, every call counts in the database at once (exact, as before). So the tolerance: in any window,
 * an application gets at most the limit plus, per instance, one interval's local share (LOCAL_SHARE of the limit, 5%,
 * admitted on a shared count up to FLUSH_MS old): at most 110% of the limit with two instances. A crash loses at most
 * one interval's unwritten count.
 */
export const apiLimit = () => ({ points: env().API_RATE_LIMIT, duration: 10 });

/** How often an instance writes its count to the shared row. */
export const FLUSH_MS = 500;
/** The share of the limit an instance may admit between two flushes without asking the database (FLUSH_MS / window). */
export const LOCAL_SHARE = FLUSH_MS / 10_000;

type KeyState = {
  /** Calls admitted here and not yet written to the shared row. */
  unwritten: number;
  /** Calls admitted here without the database since the last flush. */
  localSinceFlush: number;
  /** The shared count (every instance) when this instance last read it, and when that window ends. */
  shared: number;
  windowEndsAt: number;
};

/** One app instance's counter of API calls per application (one per database handle: see consumeApiQuota). */
export class ApiQuotaCounter {
  private readonly limiter: RateLimiterDrizzle;
  private readonly keys = new Map<string, KeyState>();
  private readonly points: number;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(db: Db, limit = apiLimit()) {
    this.points = limit.points;
    this.limiter = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: "api-app", clearExpiredByTimeout: false, ...limit });
  }

  private learn(state: KeyState, res: RateLimiterRes) {
    state.shared = res.consumedPoints;
    state.windowEndsAt = Date.now() + res.msBeforeNext;
  }

  /** Writes this instance's unwritten counts to the shared rows (and reads back the shared totals). */
  async flush(): Promise<void> {
    await this.flushing;
    const run = (async () => {
      const now = Date.now();
      await Promise.all(
        [...this.keys].map(async ([key, state]) => {
          state.localSinceFlush = 0;
          const points = state.unwritten;
          if (points === 0) {
            if (now >= state.windowEndsAt) this.keys.delete(key);
            return;
          }
          state.unwritten = 0;
          try {
            this.learn(state, await this.limiter.penalty(key, points));
          } catch {
            // The database did not answer: these calls are written at the next flush.
            state.unwritten += points;
          }
        }),
      );
    })();
    this.flushing = run;
    await run;
    if (this.keys.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async consume(applicationKey: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    let state = this.keys.get(applicationKey);
    if (!state) {
      state = { unwritten: 0, localSinceFlush: 0, shared: 0, windowEndsAt: 0 };
      this.keys.set(applicationKey, state);
    }
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS).unref();
    // The first call of a window is counted in the database: it reads what the other instances already counted.
    const known = Date.now() < state.windowEndsAt ? state.shared : Number.POSITIVE_INFINITY;
    if (state.localSinceFlush < Math.max(1, Math.floor(this.points * LOCAL_SHARE)) && known + state.unwritten + 1 <= this.points) {
      state.unwritten++;
      state.localSinceFlush++;
      return { ok: true };
    }
    // Near the limit, or past this instance's share: counted in the database now, with what is still unwritten here.
    const unwritten = state.unwritten;
    state.unwritten = 0;
    try {
      this.learn(state, await this.limiter.consume(applicationKey, unwritten + 1));
      return { ok: true };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        this.learn(state, error);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
      state.unwritten += unwritten;
      throw error;
    }
  }
}

const counters = new WeakMap<object, ApiQuotaCounter>();

export async function consumeApiQuota(db: Db, applicationKey: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  let counter = counters.get(db);
  if (!counter) {
    counter = new ApiQuotaCounter(db);
    counters.set(db, counter);
  }
  return counter.consume(applicationKey);
}
