/** Opens and migrates the database when the server starts, so the first request does not pay for it; starts the job queue's worker. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this too: the build must not open (or create) the runtime database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./db");
  const { env } = await import("./lib/env");
  const { logger } = await import("./lib/ops/logger.mjs");
  const { setPoolProbe, setQueueProbe } = await import("./lib/ops/metrics.mjs");
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
  const { queueProbe } = await import("./lib/ops/queue-probe");
  setQueueProbe(queueProbe(handle));
  if (env().WORKER === "1") {
    const { ensureWorker } = await import("./lib/jobs");
    const { registerWorker } = await import("./lib/ops/workers.mjs");
    const worker = await ensureWorker(handle);
    // /readyz reports the worker; a rolling restart stops it (jobs in hand finish) before the pool closes.
    const report = registerWorker("jobs", { heartbeatMs: 5000 });
    setInterval(() => (worker.running() ? report.beat() : report.stop()), 2000).unref();
    onShutdown("worker", () => worker.stop());
    logger().info("worker running in this instance");
  }
}
