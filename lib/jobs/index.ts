import type { DatabaseHandle } from "@/db/client";
import { startWorker, type Worker } from "./worker";

export { enqueue } from "./enqueue";
export { QUEUES, type QueueName } from "./queues";
export type { Worker } from "./worker";

/**
 * The process's one worker (Next evaluates modules several times in one process: it is kept on globalThis).
 * Started by instrumentation.ts in each app instance unless WORKER=0, or alone by `npm run worker`.
 */
const globalForWorker = globalThis as unknown as { __smsPanelWorker?: Promise<Worker> };

export function ensureWorker(handle: DatabaseHandle): Promise<Worker> {
  globalForWorker.__smsPanelWorker ??= startWorker(handle).catch((error: unknown) => {
    globalForWorker.__smsPanelWorker = undefined;
    throw error;
  });
  return globalForWorker.__smsPanelWorker;
}

/** The running worker of this process, if any (for /readyz and a graceful shutdown). */
export function currentWorker(): Promise<Worker> | undefined {
  return globalForWorker.__smsPanelWorker;
}
