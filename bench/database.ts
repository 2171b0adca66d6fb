import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "@/db/client";

/** A database made for one benchmark run on the server of TEST_DATABASE_URL, dropped afterwards. */
export const SERVER_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export async function withBenchDatabase<T>(
  run: (url: string, open: (pool: number) => Promise<DatabaseHandle>) => Promise<T>,
  // BENCH_DATABASE_PREFIX: where several people bench on one server, each their own names.
  prefix = process.env.BENCH_DATABASE_PREFIX ?? "smspanel_bench",
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const handles: DatabaseHandle[] = [];
  try {
    const first = await openDatabase({ url: url.toString(), poolSize: 2 });
    handles.push(first);
    await first.migrate();
    return await run(url.toString(), async (pool) => {
      const h = await openDatabase({ url: url.toString(), poolSize: pool });
      handles.push(h);
      return h;
    });
  } finally {
    for (const h of handles) await h.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
