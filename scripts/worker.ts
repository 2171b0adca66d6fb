/**
 * npm run worker — the job queue's worker alone (payment settlement, SMS hand-off and refunds, housekeeping), on
 * DATABASE_URL (or the embedded database in PGLITE_DIR, when no app instance has it open). SIGTERM or SIGINT: the
 * jobs in hand finish, then it exits.
 */
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";

async function main() {
  const config = env();
  const handle = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dir: config.PGLITE_DIR });
  await handle.migrate();
  const worker = await startWorker(handle);
  console.log(JSON.stringify({ level: "info", msg: "worker running", pid: process.pid }));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ level: "info", msg: `worker stopping (${signal})` }));
    await worker.stop();
    await handle.close();
    process.exit(0);
  };
  // A database failover cuts the queue's connections under pg-boss's own calls (e.g. completing a job): the job
  // expires and is retried, so the worker logs it and goes on instead of dying with an unhandled rejection.
  process.on("unhandledRejection", (reason) => {
    console.error(JSON.stringify({ level: "error", msg: "worker: unhandled rejection (the job will be retried)", err: String(reason) }));
  });
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
