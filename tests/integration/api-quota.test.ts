import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { rateLimits } from "@/db/schema";
import { ApiQuotaCounter, LOCAL_SHARE } from "@/lib/api/rate-limit";
import { describeOnBothDrivers } from "./harness";

/** The API's per-application limit, counted in memory per instance and written to the shared row (lib/api/rate-limit.ts). */
describeOnBothDrivers("API request limit", (ctx) => {
  const LIMIT = 40;
  const admitted = async (counter: ApiQuotaCounter, key: string, calls: number) => {
    let ok = 0;
    for (let i = 0; i < calls; i++) if ((await counter.consume(key)).ok) ok++;
    return ok;
  };
  const sharedCount = async (key: string) =>
    (await ctx.handle.db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, `api-app:${key}`)))[0]?.points;

  it("admits exactly the limit on one instance, and writes every call to the shared row", async () => {
    const counter = new ApiQuotaCounter(ctx.handle.db, { points: LIMIT, duration: 10 });
    expect(await admitted(counter, "one", 60)).toBe(LIMIT);
    const refused = await counter.consume("one");
    expect(refused.ok).toBe(false);
    await counter.flush();
    // 61 calls, each counted once (refused ones too, as rate-limiter-flexible does).
    expect(await sharedCount("one")).toBe(61);
  });

  it("keeps two instances on one database within the documented tolerance", async () => {
    const a = new ApiQuotaCounter(ctx.handle.db, { points: LIMIT, duration: 10 });
    const b = new ApiQuotaCounter(ctx.handle.db, { points: LIMIT, duration: 10 });
    let ok = 0;
    for (let i = 0; i < 50; i++) {
      if ((await a.consume("two")).ok) ok++;
      if ((await b.consume("two")).ok) ok++;
      if (i % 7 === 6) await Promise.all([a.flush(), b.flush()]);
    }
    expect(ok).toBeGreaterThanOrEqual(LIMIT);
    expect(ok).toBeLessThanOrEqual(LIMIT + 2 * Math.floor(LIMIT * LOCAL_SHARE));
    await Promise.all([a.flush(), b.flush()]);
    expect(await sharedCount("two")).toBe(100);
  });
});
