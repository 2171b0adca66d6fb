/**
 * npx tsx bench/pooling.ts — transfers per second through the cluster's PgBouncer (deploy/cluster up) in session
 * pooling (named prepared statements, the default), and through a second PgBouncer in transaction pooling, with
 * DATABASE_NAMED_STATEMENTS=0 and, to show why it is needed, without it.
 *
 *   BENCH_SECONDS (default 8), BENCH_CLIENTS (default 16: concurrent transfers, like 16 busy requests)
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase, type Db } from "@/db/client";
import { customerAccounts, smsAccounts, users } from "@/db/schema";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { transferCredits } from "@/lib/credits/transfers";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const TX_PORT = Number(process.env.BENCH_TX_PGBOUNCER_PORT ?? 5447);
const TX_SERVER_CONNECTIONS = Number(process.env.BENCH_TX_SERVER_CONNECTIONS ?? Math.max(2, Math.floor(CLIENTS / 4)));
const CLUSTER = path.resolve(__dirname, "..", "deploy", "cluster");
const CLUSTER_DIR = process.env.CLUSTER_DIR ?? "/tmp/sms-panel-cluster";

const sessionUrl = spawnSync(CLUSTER, ["db-url"], { encoding: "utf8" }).stdout.trim();
if (!sessionUrl) throw new Error("deploy/cluster db-url printed nothing: is the cluster up?");

async function setUp(db: Db, pairs: number) {
  const tag = Math.random().toString(36).slice(2, 8);
  return db.transaction(async (tx) => {
    const [customer] = await tx.insert(customerAccounts).values({ nicHandle: `b${tag}-ovh`, name: "bench", subsidiary: "GB" }).returning();
    await tx.insert(users).values({ customerAccountId: customer!.id, email: `bench-${tag}@bench.test`, name: "bench", role: "admin", passwordHash: "x" });
    const names: string[] = [];
    for (let i = 0; i < pairs * 2; i++) {
      const [a] = await tx.insert(smsAccounts).values({ customerAccountId: customer!.id, serviceName: `sms-b${tag}-${i}` }).returning();
      await postEntry(tx, { smsAccountId: a!.id, kind: "adjustment", amount: credits("1000000"), reference: "bench", actor: { type: "system", label: "bench" } });
      names.push(a!.serviceName);
    }
    return { customerId: customer!.id, names };
  });
}

async function run(label: string, url: string, namedStatements: boolean) {
  process.env.DATABASE_NAMED_STATEMENTS = namedStatements ? "1" : "0";
  const handle = await openDatabase({ url, poolSize: CLIENTS });
  const { customerId, names } = await setUp(handle.db, CLIENTS);
  let done = 0;
  let errors = 0;
  let firstError = "";
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      let flip = false;
      while (Date.now() < until) {
        flip = !flip;
        const [source, target] = flip ? [names[2 * c]!, names[2 * c + 1]!] : [names[2 * c + 1]!, names[2 * c]!];
        try {
          const r = await transferCredits(handle.db, { customerAccountId: customerId, source, target, amount: "1", actor: { type: "system", label: "bench" } });
          if (r.ok) done++;
          else errors++;
        } catch (error) {
          errors++;
          const e = error as Error & { cause?: Error };
          firstError ||= e.cause?.message ?? e.message.split("\n")[0] ?? String(error);
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const violations = await ledgerViolations(handle.db).catch(() => ["(check failed)"]);
  await handle.close();
  console.log(`  ${label.padEnd(66)} ${(done / seconds).toFixed(0).padStart(5)} transfers/s, ${errors} errors${firstError ? ` (${firstError.slice(0, 90)})` : ""}, ledger violations ${violations.length}`);
}

function startTransactionPooler(): () => void {
  const dir = path.join(CLUSTER_DIR, "pgbouncer-tx");
  mkdirSync(dir, { recursive: true });
  const ini = readFileSync(path.join(CLUSTER_DIR, "pgbouncer", "pgbouncer.ini"), "utf8")
    .replace(/^listen_port = .*$/m, `listen_port = ${TX_PORT}`)
    .replace(/^pool_mode = .*$/m, "pool_mode = transaction")
    // Fewer server connections than clients: what transaction pooling is for (and where named statements break).
    .replace(/^default_pool_size = .*$/m, `default_pool_size = ${TX_SERVER_CONNECTIONS}`)
    .replace(/^unix_socket_dir = .*$/m, `unix_socket_dir = ${dir}`)
    .replace(/^pidfile = .*$/m, `pidfile = ${dir}/pgbouncer.pid`)
    .replace(/^logfile = .*$/m, `logfile = ${dir}/pgbouncer.log`);
  writeFileSync(path.join(dir, "pgbouncer.ini"), ini);
  spawnSync("chown", ["-R", "postgres:postgres", dir]);
  const child = spawn("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", "pgbouncer", path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  return () => child.kill("SIGTERM");
}

async function main() {
  console.log(`== Transfers through PgBouncer (${CLIENTS} concurrent, ${SECONDS} s each) ==`);
  await run("session pooling, named statements (the cluster's setting)", sessionUrl, true);
  await run("session pooling, DATABASE_NAMED_STATEMENTS=0", sessionUrl, false);
  const stop = startTransactionPooler();
  await new Promise((r) => setTimeout(r, 1000));
  const txUrl = sessionUrl.replace(/:\d+\//, `:${TX_PORT}/`);
  try {
    await run(`transaction pooling (${TX_SERVER_CONNECTIONS} server conns), DATABASE_NAMED_STATEMENTS=0`, txUrl, false);
    await run(`transaction pooling (${TX_SERVER_CONNECTIONS} server conns), named statements`, txUrl, true);
  } finally {
    stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
