/**
 * npm run bench — prints the project's speed and memory figures. Needs a production build (`npm run build`);
 * database figures use TEST_DATABASE_URL's server (default the local one) in a database made and dropped here.
 */
import { existsSync } from "node:fs";
import { benchApi } from "./api";
import { benchPages } from "./pages";
import { benchScale } from "./scale";
import { benchSends } from "./sends";
import { benchTransfers } from "./transfers";

function requireBuild() {
  if (existsSync(".next/BUILD_ID")) return;
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

async function main() {
  const sections = process.argv.slice(2);
  const want = (name: string) => sections.length === 0 || sections.includes(name);
  const report = (line: string) => console.log(`  ${line}`);

  if (want("transfers")) {
    console.log("\n== Transfers on a PostgreSQL server ==");
    await benchTransfers(report);
  }
  if (want("sends")) {
    console.log("\n== SMS sends on a PostgreSQL server ==");
    await benchSends(report);
  }
  if (want("api")) {
    if (!existsSync(".next/BUILD_ID")) {
      console.error("No production build: run `npm run build` first.");
      process.exit(1);
    }
    console.log("\n== REST API on a PostgreSQL server (compare with the pgbench rates above) ==");
    await benchApi(report);
  }
  if (want("pages") && !existsSync(".next/BUILD_ID")) {
    console.error("No production build: run `npm run build` first.");
    process.exit(1);
  }
  if (want("pages")) {
    console.log("\n== Pages: this panel on a PostgreSQL server, against its shell and the peer (BENCH_PEER=1); then the embedded database ==");
    await benchPages(report);
  }
  if (want("scale")) {
    requireBuild();
    console.log("\n== A customer of any size: 5,000 SMS accounts, 1,000,000 ledger entries, against the demo customer (PostgreSQL) ==");
    await benchScale(report);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
