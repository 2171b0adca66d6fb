/** Opens and migrates the database when the server starts, so the first request does not pay for it; starts the job queue's worker. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this too: the build must not open (or create) the runtime database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./db");
  const { env } = await import("./lib/env");
  const started = Date.now();
  const handle = await getDatabase();
  console.log(`[db] ${handle.driver === "pg" ? "PostgreSQL server" : "embedded PGlite"} ready in ${Date.now() - started} ms`);
  if (env().WORKER === "1") {
    const { ensureWorker } = await import("./lib/jobs");
    await ensureWorker(handle);
    console.log("[jobs] worker running in this instance");
  }
}
