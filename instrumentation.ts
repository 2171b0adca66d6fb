/** Opens and migrates the database when the server starts, so the first request does not pay for it. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this too: the build must not open (or create) the runtime database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./db");
  const { logger } = await import("./lib/ops/logger.mjs");
  const { setPoolProbe } = await import("./lib/ops/metrics.mjs");
  const { onShutdown } = await import("./lib/ops/shutdown.mjs");
  const started = Date.now();
  const handle = await getDatabase();
  logger().info({ driver: handle.driver, ms: Date.now() - started }, handle.driver === "pg" ? "PostgreSQL server ready" : "embedded PGlite ready");
  const pool = (handle.db as unknown as { $client?: { totalCount?: number; idleCount: number; waitingCount: number; options?: { max?: number } } }).$client;
  if (handle.driver === "pg" && pool && typeof pool.totalCount === "number") {
    setPoolProbe(() => ({ total: pool.totalCount ?? 0, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options?.max }));
  }
  // The graceful shutdown (lib/ops/shutdown.mjs) closes the pool once the requests in flight have finished.
  onShutdown("database", () => handle.close());
}
