import "server-only";
import PgBoss from "pg-boss";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { SAFETY_NET_DELAY_SECONDS, type QueueName } from "./queues";

/**
 * Enqueues a job in the caller's transaction (or on the database): pg-boss given that transaction's connection, so
 * a crash keeps the change and its job, or neither. The statement pg-boss writes is run through Drizzle, so it works
 * on both drivers, PGlite included.
 */
const globalForQueue = globalThis as unknown as { __smsPanelBossForSend?: PgBoss };

function sender(): PgBoss {
  // Never started: used only to build and run its INSERT through the `db` given with each call.
  globalForQueue.__smsPanelBossForSend ??= new PgBoss({ db: { executeSql: async () => ({ rows: [] }) }, migrate: false, supervise: false, schedule: false });
  return globalForQueue.__smsPanelBossForSend;
}

function param(value: unknown): unknown {
  // Drizzle drops an undefined value from a template: pg-boss means NULL.
  if (value === undefined) return null;
  if (value === null || value instanceof Date || Array.isArray(value) || typeof value !== "object") return value;
  return JSON.stringify(value);
}

/** pg-boss's positional SQL ($1, $2…, each used once) as a Drizzle query on `db`. */
export function executorFor(db: DbOrTx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(/\$(\d+)/g)) {
        parts.push(sql.raw(text.slice(last, match.index)));
        parts.push(sql`${param(values[Number(match[1]) - 1])}`);
        last = match.index + match[0].length;
      }
      parts.push(sql.raw(text.slice(last)));
      const result = (await db.execute(sql.join(parts, sql.raw("")))) as unknown as { rows: Record<string, unknown>[] };
      return { rows: result.rows };
    },
  };
}

export type EnqueueOptions = {
  /** Seconds before the job may run. Default: the safety-net delay (the request that enqueued it does the work first). */
  startAfterSeconds?: number;
  /** At most one queued job per key and queue. */
  singletonKey?: string;
};

export async function enqueue(db: DbOrTx, queue: QueueName, data: object, options: EnqueueOptions = {}): Promise<void> {
  // pg-boss's batch insert: each of its parameters appears once in its SQL, which the rewrite above needs.
  await sender().insert(
    [
      {
        name: queue,
        data,
        startAfter: String(options.startAfterSeconds ?? SAFETY_NET_DELAY_SECONDS),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      },
    ],
    { db: executorFor(db) },
  );
}
