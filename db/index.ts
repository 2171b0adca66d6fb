import "server-only";
import { count } from "drizzle-orm";
import { env } from "@/lib/env";
import { openDatabase, type DatabaseHandle, type Db } from "./client";
import { priceTiers } from "./schema";
import { seedDemo, seedReferenceData } from "./seed";

/**
 * The app's database: one per process, kept on globalThis because Next evaluates modules several times in one
 * process (and PGlite must never open the same folder twice). Opened and migrated at start-up (instrumentation.ts);
 * an empty embedded database gets the demo data.
 */
const globalForDb = globalThis as unknown as { __smsPanelDb?: Promise<DatabaseHandle> };

async function start(): Promise<DatabaseHandle> {
  const config = env();
  const handle = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dir: config.PGLITE_DIR });
  await handle.migrate();
  if (handle.driver === "pglite" && config.SEED_DEMO === "1") {
    // Only a brand-new database is seeded: prices are editable data, and a restart must not overwrite them.
    const [tiers] = await handle.db.select({ n: count() }).from(priceTiers);
    if (tiers?.n === 0) {
      await seedReferenceData(handle.db);
      await seedDemo(handle.db);
      console.log("[db] empty embedded database: demo data created");
    }
  }
  return handle;
}

export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.__smsPanelDb ??= start().catch((error: unknown) => {
    globalForDb.__smsPanelDb = undefined;
    throw error;
  });
  return globalForDb.__smsPanelDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
