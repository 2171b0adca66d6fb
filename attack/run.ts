/**
 * npm run attack — the whole attack of issue 9 against a real deployment shape: a fresh PostgreSQL database, two app
 * instances on it, nginx with TLS in front. Prints one table and exits non-zero when any column but "requests" is
 * not zero. `npm run attack -- --short` (or ATTACK_SHORT=1) runs every part with fewer iterations (~3 minutes, for
 * CI). ATTACK_PORT sets the first of three ports (default 3600), ATTACK_SEED repeats a fuzz run, ATTACK_JSON=path
 * writes the verdict as JSON for a test runner. Exit code: 0 clean, 1 findings, 2 a part could not run, 3 overlong.
 */
import { writeFileSync } from "node:fs";
import { login, type Session } from "./clients";
import { closeAgents } from "./http";
import { cleanUp, ensureBuild, killAllNow } from "./cluster";
import { startCluster, type Context } from "./context";
import { runFuzz } from "./fuzz";
import { runLoad, type Op } from "./load";
import { runMatrix } from "./matrix";
import { runLoginRace, runLogoutCheck, runNetwork } from "./network";
import { runReplays } from "./replay";
import { COLUMNS, count, printTable, setWorld } from "./stats";

const AFTER = "after the crashes";
const short = process.argv.includes("--short") || process.env.ATTACK_SHORT === "1";
const basePort = Number(process.env.ATTACK_PORT ?? 3600);
const started = Date.now();
const log = (line: string) => console.log(`[attack ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Checks the database against what the clients were told, once the deployment has had time to settle. */
async function afterTheCrashes(ctx: Context, ops: Op[], retryOpen: () => Promise<void>) {
  const pending = await ctx.checks.pendingWork();
  if (pending.orders) count(AFTER, "pending work", `${pending.orders} orders still pending`, pending.orders);
  if (pending.sms) count(AFTER, "pending work", `${pending.sms} outgoing SMS debited but still pending`, pending.sms);
  // Then every operation left without an answer is tried once more with its key ("still running" now: a stuck key).
  await retryOpen();
  const violations = await ctx.checks.invariants();
  for (const v of violations) count(AFTER, "invariant violations", v);
  const unpaid = await ctx.checks.paidOrdersWithoutEntry();
  if (unpaid) count(AFTER, "invariant violations", `${unpaid} paid orders without their ledger entry`, unpaid);

  const inDb = await ctx.checks.operationCounts();
  let acked = 0;
  for (const op of ops) {
    const n = inDb.get(op.id) ?? 0;
    if (op.acked) acked++;
    if (op.acked && n !== 1) count(AFTER, "lost/duplicated", `${op.kind} ${op.id} acknowledged to its client, in the database ${n} times`);
    else if (!op.acked && n > 1) count(AFTER, "lost/duplicated", `${op.kind} ${op.id} not acknowledged, applied ${n} times`);
  }
  const open = ops.filter((o) => o.open).length;
  const echoes = ops.reduce((sum, o) => sum + o.echoes, 0);
  log(`${ops.length} operations: ${acked} acknowledged, ${ops.length - acked - open} refused, ${open} left without an answer; ${echoes} acknowledged ones sent again with the same key`);
}

async function main() {
  ensureBuild(log);
  log(`${short ? "short" : "full"} run: proxy https://127.0.0.1:${basePort}, instances on ${basePort + 1} and ${basePort + 2}`);
  /** A part that throws is reported and the run goes on: the table still comes, and the exit code says it. */
  const crashed: string[] = [];
  const part = async (name: string, fn: () => Promise<void>) => {
    log(`${name}…`);
    try {
      await fn();
    } catch (error) {
      console.error(`the ${name} part failed:`, error);
      crashed.push(name);
    }
  };
  try {
    const ctx = await startCluster(basePort, short, log);
    setWorld(ctx.world);
    await part("proxy and forwarded addresses", async () => {
      await runNetwork(ctx);
      await runLogoutCheck(ctx);
    });
    let admin: Session | null = null;
    await part("authorization matrix", async () => {
      const who = await runMatrix(ctx);
      admin = who.find((w) => w.label === "alpha-admin")?.session ?? null;
    });
    admin ??= (await login(ctx.target.origin, ctx.world.principals[0]!.email, ctx.world.password)).session;
    if (!admin) throw new Error("cannot log in as the victim's admin");
    const session: Session = admin;
    await part("fuzz", () => runFuzz(ctx, session));
    await part("concurrent login guesses", () => runLoginRace(ctx));
    await part("replays", () => runReplays(ctx, session));
    await part("load with kill -9", async () => {
      const load = await runLoad(ctx, session);
      const settle = (short ? 30 : 60) * 1000;
      const wait = Math.max(0, load.lastRestart + settle - Date.now());
      log(`waiting ${Math.round(wait / 1000)} s (${settle / 1000} s after the last restart)…`);
      await new Promise((r) => setTimeout(r, wait));
      await afterTheCrashes(ctx, load.ops, load.retryOpen);
    });
  } finally {
    closeAgents();
    await cleanUp();
  }
  if (crashed.length) {
    console.error(`\nparts that could not finish: ${crashed.join(", ")}`);
    process.exitCode = 2;
  }
  const total = printTable((Date.now() - started) / 1000);
  const failing = COLUMNS.filter((c) => c !== "requests" && total[c] > 0);
  // For a test runner (scripts/test.mjs): ATTACK_JSON=path writes the verdict and the totals.
  if (process.env.ATTACK_JSON) {
    writeFileSync(process.env.ATTACK_JSON, JSON.stringify({ ok: failing.length === 0 && crashed.length === 0, short, seconds: Math.round((Date.now() - started) / 1000), failing, crashed, totals: total }, null, 2));
  }
  if (failing.length) {
    console.log(`\nFAILED: ${failing.join(", ")}`);
    process.exitCode ||= 1;
  } else if (!crashed.length) console.log("\nevery column is 0 except requests");
}

// Whatever happens, no child outlives the script, and an interrupted or overlong run still drops its database.
process.on("exit", killAllNow);
const abort = (why: string, code: number) => {
  console.error(`\n${why}: stopping and cleaning up`);
  killAllNow();
  void cleanUp().finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 15_000).unref();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => abort(signal, 130));
const limitMinutes = Number(process.env.ATTACK_TIMEOUT_MINUTES ?? (short ? 10 : 25));
setTimeout(() => abort(`the run took more than ${limitMinutes} minutes`, 3), limitMinutes * 60_000).unref();
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
