import "server-only";
import PgBoss from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { logger } from "@/lib/ops/logger.mjs";
import { handlers } from "./handlers";
import { QUEUES, type QueueName } from "./queues";

/**
 * The worker: pg-boss polling the panel's own database. One runs in each app instance (WORKER=1, the default) or
 * alone (`npm run worker`); several at once are safe (jobs are fetched with SKIP LOCKED and handlers are
 * idempotent). Active jobs of a worker that died expire and are retried; the supervisor checks every few seconds.
 */
export type Worker = { stop: () => Promise<void>; running: () => boolean };
export type WorkerLog = (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void;

const POLL_SECONDS = 0.5;
/**
 * Jobs fetched per poll. Every send and purchase queues a safety-net job, so under load jobs arrive faster than one
 * per poll could drain them. The jobs of a batch run in order and each is completed or failed on its own.
 */
const BATCH = 20;
/** Workers per queue in one process. */
const CONCURRENCY = 2;
/** How long the worker keeps trying to record a job's outcome across a lost connection (then the job expires). */
const RECORD_SECONDS = 8;

type Job = PgBoss.JobWithMetadata<Record<string, unknown>>;

export async function startWorker(handle: DatabaseHandle, log: WorkerLog = defaultLog): Promise<Worker> {
  const boss = new PgBoss({
    db: { executeSql: handle.executeSql },
    migrate: false,
    supervise: true,
    maintenanceIntervalSeconds: 5,
    schedule: true,
  });
  boss.on("error", (error) => log("warn", "queue error", { err: message(error) }));
  await boss.start();
  let running = true;
  for (const queue of Object.values(QUEUES) as QueueName[]) {
    for (let i = 0; i < CONCURRENCY; i++) {
      await boss.work<Record<string, unknown>>(queue, { pollingIntervalSeconds: POLL_SECONDS, batchSize: BATCH, includeMetadata: true }, (jobs) =>
        runBatch(boss, handle, queue, jobs, log),
      );
    }
  }
  await boss.schedule(QUEUES.housekeeping, "* * * * *");
  return {
    running: () => running,
    stop: async () => {
      running = false;
      await boss.stop({ graceful: true, wait: true, timeout: 15_000, close: false });
    },
  };
}

/**
 * Runs a fetched batch and records each job's outcome itself, awaited. pg-boss 10's own handling of a batch is what
 * left jobs behind after a failover: it fails the whole batch when the callback throws (so one job waiting for work
 * in flight elsewhere sent its 19 neighbours back too, each time raising their retry count), and it completes or
 * fails without waiting or retrying, so an outcome lost with a connection left the job 'active' until it expired.
 * After this returns, pg-boss's own completion of the batch changes nothing: it only touches jobs still active.
 */
async function runBatch(boss: PgBoss, handle: DatabaseHandle, queue: QueueName, jobs: Job[], log: WorkerLog): Promise<void> {
  const done: string[] = [];
  const failed: Array<{ job: Job; error: unknown }> = [];
  for (const job of jobs) {
    // Which process runs which attempt of a job: the queue table has no worker column (pg-boss 10), and a database
    // connection behind PgBouncer does not reliably name its client. The chaos run's worker kill aims by this line.
    log("info", "job started", { queue, job: job.id, retryCount: job.retryCount, pid: process.pid });
    try {
      await handlers[queue](handle.db, job.data ?? {});
      done.push(job.id);
      // A job run again (its worker died, or an earlier run failed): which process finished it, for the logs.
      if (job.retryCount > 0) log("info", "job done after a retry", { queue, job: job.id, retryCount: job.retryCount, pid: process.pid });
    } catch (error) {
      failed.push({ job, error });
      log("warn", "job failed, will be retried", { queue, job: job.id, retryCount: job.retryCount, err: message(error) });
    }
  }
  if (done.length > 0) await record(() => boss.complete(queue, done));
  for (const { job, error } of failed) await record(() => boss.fail(queue, job.id, { message: message(error) }));
}

/** Retries a queue write across a lost connection (the pool reconnects); gives up after RECORD_SECONDS. */
async function record(write: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + RECORD_SECONDS * 1000;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      await write();
      return;
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultLog(level: "info" | "warn", msg: string, fields: Record<string, unknown> = {}) {
  logger()[level]({ component: "jobs", ...fields }, msg);
}
