/**
 * npm run db:seed — migrates, then creates the reference prices and the demo customers (skipped if present) on
 * DATABASE_URL or the embedded database. Non-interactive; needs no third-party account.
 */
import { openDatabase } from "@/db/client";
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo, seedReferenceData } from "@/db/seed";
import { env } from "@/lib/env";

async function main() {
  const config = env();
  const handle = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dir: config.PGLITE_DIR });
  await handle.migrate();
  await seedReferenceData(handle.db);
  const created = await seedDemo(handle.db);
  await handle.close();
  console.log(created ? "Demo data created." : "Demo data already present: prices refreshed, nothing else changed.");
  for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(22)} ${login.role.padEnd(8)} ${login.customer}`);
  console.log(`  password: ${DEMO_PASSWORD}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
