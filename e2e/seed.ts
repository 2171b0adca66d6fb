/**
 * The e2e server's PostgreSQL database (scripts/e2e-server.mjs): `create` makes the database of DATABASE_URL,
 * migrates it and adds the reference data (prices, rates, sellers) — the journeys seed their customers themselves
 * (e2e/fixtures.ts); `drop` removes it.
 */
import pg from "pg";
import { openDatabase } from "@/db/client";
import { seedReferenceData } from "@/db/seed";

async function main(action: string | undefined) {
  const url = new URL(process.env.DATABASE_URL ?? "");
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name of the e2e run: ${name}`);
  const server = new URL(url);
  server.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`The journeys need a PostgreSQL server at ${server.host} (TEST_DATABASE_URL): ${String(error)}`);
  }
  try {
    if (action === "drop") {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    }
    if (action !== "create") throw new Error("usage: e2e/seed.ts create|drop");
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: url.toString(), poolSize: 1 });
  await handle.migrate();
  await seedReferenceData(handle.db);
  await handle.close();
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
