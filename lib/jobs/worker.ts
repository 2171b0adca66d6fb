import "server-only";
import PgBoss from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { handlers } from "./handlers";
import { QUEUES, type QueueName } from "./queues";

/**
 * The worker: pg-boss polling the panel's own database. One runs in each app instance (WORKER=1, the default) or
 * alone (`npm run worker`); several at once are safe (jobs are fetched with SKIP LOCKED and handlers are
 * idempotent). Active jobs of a worker that died expire and are retried; the supervisor checks every few seconds.
 */
export type Worker = { stop: () => Promise<void>; running: () => boolean };

const POLL_SECONDS = 0.5;
/**
 * Jobs fetched per poll. Every send and purchase queues a safety-net job, so under load jobs arrive faster than one
 * per poll could drain them; a batch is processed in order, and if one of its jobs fails the whole batch is retried
 * (the handlers are idempotent: the others find their work done).
 */
const BATCH = 20;
/** Workers per queue in one process. */
const CONCURRENCY = 2;

export async function startWorker(handle: DatabaseHandle, log: (message: string, error?: unknown) => void = defaultLog): Promise<Worker> {
  const boss = new PgBoss({
    db: { executeSql: handle.executeSql },
    migrate: false,
    supervise: true,
    maintenanceIntervalSeconds: 5,
    schedule: true,
  });
  boss.on("error", (error) => log("[jobs] queue error", error));
  await boss.start();
  let running = true;
  for (const queue of Object.values(QUEUES) as QueueName[]) {
    for (let i = 0; i < CONCURRENCY; i++) {
      await boss.work<Record<string, unknown>>(queue, { pollingIntervalSeconds: POLL_SECONDS, batchSize: BATCH }, async (jobs) => {
        let failed: unknown = null;
        for (const job of jobs) {
          try {
            await handlers[queue](handle.db, job.data ?? {});
          } catch (error) {
            log(`[jobs] ${queue} job ${job.id} will be retried`, error);
            failed ??= error;
          }
        }
        if (failed) throw failed;
      });
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

function defaultLog(message: string, error?: unknown) {
  console.warn(message, error instanceof Error ? error.message : (error ?? ""));
}
