import "server-only";
import PgBoss from "pg-boss";
import { QUEUE_OPTIONS, type QueueName } from "@/lib/jobs/queues";
import type { ExecuteSql } from "./client";

/** The queue's schema (pg-boss's own tables, in schema "pgboss") and the panel's queues: part of migrating. */
export async function installJobQueue(executeSql: ExecuteSql): Promise<void> {
  const boss = new PgBoss({ db: { executeSql }, migrate: true, supervise: false, schedule: false });
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUE_OPTIONS) as Array<[QueueName, (typeof QUEUE_OPTIONS)[QueueName]]>) {
      await boss.createQueue(name, { name, ...options });
      await boss.updateQueue(name, { name, ...options });
    }
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
}
