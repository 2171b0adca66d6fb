import "server-only";
import { createHash } from "node:crypto";
import path from "node:path";
import { sql, type ExtractTablesWithRelations, type Placeholder, type Query, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { installJobQueue } from "./job-queue";
import * as schema from "./schema";

/** What node-postgres does for an object parameter (JSON), done for PGlite, which would send "[object Object]". */
function toDriverValue(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Date || Array.isArray(value) || typeof value !== "object") return value;
  return JSON.stringify(value);
}

/**
 * One schema, two drivers: PGlite (PostgreSQL in WASM, data in a local folder) by default, node-postgres when a
 * server URL is given. Domain functions take a `Db` (or a `Tx`) as their first argument and never know which.
 */
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

/** Raw SQL on the database's own connection(s), outside any transaction: what the job queue (pg-boss) runs on. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type DatabaseHandle = {
  db: Db;
  driver: "pglite" | "pg";
  executeSql: ExecuteSql;
  /** The server URL (node-postgres only). */
  url?: string;
  /** Applies the committed migrations. On a server, an advisory lock keeps several instances from racing. */
  migrate: () => Promise<void>;
  close: () => Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type OpenOptions = { url?: string; dir?: string; poolSize?: number };

/** PostgreSQL settings of the embedded database: small buffers for a one-user demo. */
const PGLITE_SETTINGS = ["shared_buffers=16MB", "work_mem=2MB", "temp_buffers=2MB", "maintenance_work_mem=16MB", "wal_buffers=1MB"];

/** Opens a database (without migrating it). Prefer `getDb()` in the app; tests and scripts use this directly. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection can be cut by the server (restart, failover, admin command). Without a listener that
    // error would crash the process; the pool replaces the connection on the next query.
    pool.on("error", (error) => console.warn(`[db] idle PostgreSQL connection lost: ${error.message}`));
    const db = drizzle(pool, { schema }) as unknown as Db;
    const executeSql: ExecuteSql = async (text, values) => pool.query(text, values);
    return {
      db,
      driver: "pg",
      url: options.url,
      executeSql,
      migrate: async () => {
        const client = await pool.connect();
        try {
          await client.query("select pg_advisory_lock(7215330001)");
          try {
            await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
            await installJobQueue(async (text, values) => client.query(text, values));
          } finally {
            await client.query("select pg_advisory_unlock(7215330001)");
          }
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const dir = options.dir;
  if (!dir) throw new Error("openDatabase needs a PostgreSQL URL or a PGlite folder");
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // PGlite's memory (issue 12): PostgreSQL's defaults are sized for a server (128 MB of shared buffers); the demo's
  // data fits in a fraction of that, and the WASM heap only grows.
  // PGlite's WASM module declares 128 MiB as its smallest heap (2,048 pages; a smaller `initialMemory` fails to link).
  const pgliteOptions = { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])] };
  const client = dir === "memory://" ? new PGlite(pgliteOptions) : new PGlite(path.resolve(dir), pgliteOptions);
  await client.waitReady;
  const pglite = drizzle(client, { schema });
  // PGlite's query() takes one statement; the queue's schema scripts are several, sent without parameters.
  const executeSql: ExecuteSql = async (text, values) => {
    if (values && values.length > 0) return client.query(text, values.map(toDriverValue));
    const results = await client.exec(text);
    return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
  };
  return {
    db: pglite as unknown as Db,
    driver: "pglite",
    executeSql,
    migrate: async () => {
      await migrate(pglite, { migrationsFolder: MIGRATIONS_FOLDER });
      await installJobQueue(executeSql);
    },
    close: () => client.close(),
  };
}

/**
 * A prepared statement's name: its base name and a hash of its text. A connection that outlives a code change (the
 * dev server's pool) would otherwise meet the same name with another text, which PostgreSQL refuses.
 */
function statementName(baseName: string, text: string): string {
  return `${baseName}_${createHash("sha1").update(text).digest("hex").slice(0, 8)}`;
}

/**
 * The name a statement is sent under. Behind a transaction pooler (PgBouncer pool_mode=transaction) a statement
 * prepared on one server connection is unknown to the next: DATABASE_NAMED_STATEMENTS=0 sends each unnamed ("",
 * which node-postgres sends as the unnamed statement; see lib/env.ts).
 */
function usedName(name: string): string {
  return process.env.DATABASE_NAMED_STATEMENTS === "0" ? "" : name;
}

type PreparableSession = {
  session: {
    prepareQuery: (query: Query, fields: undefined, name: string, arrayMode: boolean) => { execute: (values?: Record<string, unknown>) => Promise<unknown> };
  };
  dialect: { sqlToQuery: (query: SQL) => Query };
};

/**
 * A statement of a hot path (a transfer, a ledger posting): written once with named placeholders, compiled to SQL
 * text on first use and kept, then run as a named prepared statement with the values of each call. Nothing is
 * built per call, which matters more than it seems: building a query costs more Node.js time than PostgreSQL
 * spends running these statements. Both drivers use the same PostgreSQL dialect, so one compiled text serves both.
 */
export function namedStatement<Row, Key extends string>(
  baseName: string,
  build: (value: (key: Key) => Placeholder) => SQL,
): (db: DbOrTx, values: Record<Key, unknown>) => Promise<Row[]> {
  let compiled: Query | undefined;
  let name = "";
  return async (db, values) => {
    const { session, dialect } = db as unknown as PreparableSession;
    if (!compiled) {
      compiled = dialect.sqlToQuery(build((key) => sql.placeholder(key)));
      name = statementName(baseName, compiled.sql);
    }
    const result = await session.prepareQuery(compiled, undefined, usedName(name), false).execute(values);
    return (result as { rows: Row[] }).rows;
  };
}

type PreparedRead<Result> = { execute: (values?: Record<string, unknown>) => Promise<Result> };
type PreparableBuilder<Result> = { toSQL: () => { sql: string }; prepare: (name: string) => PreparedRead<Result> };

/**
 * A read of Drizzle's query builder (its row mapping kept) made on nearly every request (an SMS account by name, an
 * API credential): built once per database handle, with `sql.placeholder` for its values, named after its text and
 * run as a prepared statement, like namedStatement. A transaction's handle prepares its own copy.
 */
export function preparedRead<Result>(baseName: string, build: (db: DbOrTx) => PreparableBuilder<Result>) {
  const byHandle = new WeakMap<object, PreparedRead<Result>>();
  return (db: DbOrTx, values: Record<string, unknown>): Promise<Result> => {
    let query = byHandle.get(db);
    if (!query) {
      const builder = build(db);
      query = builder.prepare(usedName(statementName(baseName, builder.toSQL().sql)));
      byHandle.set(db, query);
    }
    return query.execute(values);
  };
}
