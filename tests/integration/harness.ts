import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";

export type Driver = "pglite" | "pg";

/**
 * Runs a suite once per driver: PGlite in memory, and a fresh database (cloned from the run's migrated template)
 * on the real PostgreSQL server. `ctx.handle` is ready, migrated and empty in `beforeAll`.
 */
export function describeOnBothDrivers(name: string, body: (ctx: { readonly handle: DatabaseHandle; driver: Driver }) => void) {
  for (const driver of ["pglite", "pg"] as const) {
    const templateUrl = inject("pgTemplateUrl");
    const run = driver === "pg" && !templateUrl ? describe.skip : describe;
    run(`${name} [${driver}]`, () => {
      let handle: DatabaseHandle | undefined;
      let dropClone: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        if (driver === "pglite") {
          handle = await openDatabase({ dir: "memory://" });
          await handle.migrate();
        } else {
          const template = new URL(templateUrl!);
          const templateName = template.pathname.slice(1);
          const clone = `${templateName}_${randomBytes(3).toString("hex")}`;
          const admin = new URL(templateUrl!);
          admin.pathname = "/postgres";
          const client = new pg.Client({ connectionString: admin.toString() });
          await client.connect();
          await client.query(`CREATE DATABASE ${clone} TEMPLATE ${templateName}`);
          await client.end();
          template.pathname = `/${clone}`;
          handle = await openDatabase({ url: template.toString(), poolSize: 20 });
          dropClone = async () => {
            const c = new pg.Client({ connectionString: admin.toString() });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${clone} WITH (FORCE)`);
            await c.end();
          };
        }
      });
      afterAll(async () => {
        await handle?.close();
        await dropClone?.();
      });
      body({
        get handle() {
          if (!handle) throw new Error("database not ready");
          return handle;
        },
        driver,
      });
    });
  }
}
