/** npm run db:migrate — applies the committed migrations to DATABASE_URL, or to the embedded database in PGLITE_DIR. */
import { openDatabase } from "@/db/client";
import { env } from "@/lib/env";

async function main() {
  const config = env();
  const handle = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dir: config.PGLITE_DIR });
  await handle.migrate();
  await handle.close();
  console.log(`Migrations applied (${handle.driver === "pg" ? "PostgreSQL server" : `PGlite in ${config.PGLITE_DIR}`}).`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
