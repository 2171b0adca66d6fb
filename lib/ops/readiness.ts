import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import type { DatabaseHandle } from "@/db/client";
import journal from "@/db/migrations/meta/_journal.json";
import { isDraining } from "./shutdown.mjs";
import { workerStatus, type WorkerStatus } from "./workers.mjs";

/**
 * Whether this instance can serve: not draining, the database answers within a deadline, every migration this
 * build ships is applied, and every worker registered in this process is running. A worker is required only when
 * READY_REQUIRES_WORKER=1 (an instance whose worker runs in another process has none registered).
 */
export type Readiness = {
  ready: boolean;
  checks: {
    draining: boolean;
    database: { ok: boolean; ms?: number; error?: string };
    migrations: { ok: boolean; expected: string; applied?: string | null };
    workers: { ok: boolean; list: WorkerStatus[] };
  };
};

const latestMigration = journal.entries.reduce((a, b) => (b.when > a.when ? b : a));

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

const rowsOf = <Row>(result: unknown): Row[] => (result as { rows?: Row[] }).rows ?? [];

export async function checkReadiness(
  options: { timeoutMs?: number; requireWorker?: boolean; database?: () => Promise<DatabaseHandle> } = {},
): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const requireWorker = options.requireWorker ?? process.env.READY_REQUIRES_WORKER === "1";
  const draining = isDraining();
  const database: Readiness["checks"]["database"] = { ok: false };
  const migrations: Readiness["checks"]["migrations"] = { ok: false, expected: latestMigration.tag };
  const started = Date.now();
  try {
    const { db } = await withDeadline((options.database ?? getDatabase)(), timeoutMs, "database");
    await withDeadline(db.execute(sql`select 1`), timeoutMs, "database");
    database.ok = true;
    database.ms = Date.now() - started;
    const found = await withDeadline(
      db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`),
      timeoutMs,
      "database",
    );
    let applied: string | null = null;
    if (rowsOf<{ present: boolean }>(found)[0]?.present) {
      const last = await withDeadline(
        db.execute(sql`select max(created_at)::text as created_at from drizzle.__drizzle_migrations`),
        timeoutMs,
        "database",
      );
      applied = rowsOf<{ created_at: string | null }>(last)[0]?.created_at ?? null;
    }
    migrations.applied = applied === null ? null : (journal.entries.find((e) => String(e.when) === applied)?.tag ?? applied);
    migrations.ok = applied !== null && Number(applied) >= latestMigration.when;
  } catch (error) {
    database.error = error instanceof Error ? error.message : String(error);
  }
  const list = workerStatus();
  const workers = { ok: list.every((w) => w.running) && (!requireWorker || list.length > 0), list };
  return { ready: !draining && database.ok && migrations.ok && workers.ok, checks: { draining, database, migrations, workers } };
}
