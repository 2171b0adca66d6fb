import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";

/**
 * Integration tests run on PGlite and on a real PostgreSQL server. For the server, this creates a template
 * database for the run (migrated once); each test file clones it into a database of its own, and every database
 * made here is dropped at the end. TEST_DATABASE_URL names the server (default: the local one).
 */
declare module "vitest" {
  export interface ProvidedContext {
    pgTemplateUrl: string | null;
  }
}

export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    const banner = "!".repeat(78);
    console.error(
      `\n${banner}\n!! PostgreSQL is not reachable at ${TEST_SERVER_URL}\n!! (${String(error)})\n` +
        `!! The PostgreSQL half of the integration suite is SKIPPED. Start a server or set TEST_DATABASE_URL.\n${banner}\n`,
    );
    if (process.env.CI) throw new Error("CI is set and PostgreSQL is not reachable: refusing to skip its tests");
    project.provide("pgTemplateUrl", null);
    return;
  }
  const template = `smspanel_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const handle = await openDatabase({ url: withDatabase(TEST_SERVER_URL, template), poolSize: 1 });
  await handle.migrate();
  await handle.close();
  project.provide("pgTemplateUrl", withDatabase(TEST_SERVER_URL, template));

  return async () => {
    // Drop the template and every per-file clone of it.
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${template}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  };
}
