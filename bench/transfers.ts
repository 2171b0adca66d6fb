import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customerAccounts, smsAccounts } from "@/db/schema";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { findSmsAccount } from "@/lib/sms/accounts";
import { transferCredits } from "@/lib/credits/transfers";
import { withBenchDatabase } from "./database";
import { percentile } from "./server";

const ACCOUNTS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const LEVELS = [1, 4, 16];

async function seed(db: Db) {
  const [c] = await db.insert(customerAccounts).values({ nicHandle: "bench-ovh", name: "Bench", subsidiary: "GB" }).returning();
  const rows = await db
    .insert(smsAccounts)
    .values(Array.from({ length: ACCOUNTS }, (_, i) => ({ customerAccountId: c!.id, serviceName: `sms-bench-${i + 1}` })))
    .returning();
  await db.transaction(async (tx) => {
    for (const r of rows) {
      await postEntry(tx, { smsAccountId: r.id, kind: "adjustment", amount: credits("1000000"), actor: { type: "system", label: "bench" } });
    }
  });
  return { customerId: c!.id, accounts: rows };
}

/** Runs `op` with `concurrency` in flight for `seconds`; returns operations per second and latency percentiles. */
export async function timed(concurrency: number, seconds: number, op: () => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50: percentile(latencies, 50).toFixed(2),
    p95: percentile(latencies, 95).toFixed(2),
    p99: percentile(latencies, 99).toFixed(2),
  };
}

/**
 * The same statements as one panel transfer (lib/credits/transfers.ts and lib/credits/ledger.ts), as a pgbench script: what
 * PostgreSQL itself does for the same row updates, with no application in between. Like the panel's form and API
 * requests, each transfer carries an idempotency key. No literal may hold a colon before a letter: pgbench 15 takes
 * `'transfer:x'` and `'{"ok":true}'` for its variables `:x` and `:true` and the run aborts ("bind message supplies 3 parameters").
 */
const PGBENCH_SCRIPT = (first: number, customerId: number) => `
\\set a random(${first}, ${first + ACCOUNTS - 1})
\\set b random(${first}, ${first + ACCOUNTS - 2})
\\set b :b + (CASE WHEN :b >= :a THEN 1 ELSE 0 END)
\\set r random(1, 1000000000000)
BEGIN;
INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES ('customer:${customerId}', 'pgb-' || :client_id::text || '-' || :r::text, 'transfer/x')
  ON CONFLICT DO NOTHING RETURNING key;
SELECT a.id, a.service_name, a.status, a.credits_left::text AS credits_left
FROM sms_accounts a
WHERE a.customer_account_id = ${customerId} AND a.service_name IN ('sms-bench-' || (:a::int - ${first} + 1), 'sms-bench-' || (:b::int - ${first} + 1))
ORDER BY a.id FOR UPDATE;
WITH recorded AS (
  INSERT INTO transfers (id, customer_account_id, source_sms_account_id, target_sms_account_id, amount, reference, actor_type, actor_user_id)
  VALUES (gen_random_uuid(), ${customerId}, :a::int, :b::int, 1.25, '', 'system', NULL) RETURNING id, created_at),
input (n, account_id, kind, amount) AS (VALUES (0, :a::int, 'transfer_out'::ledger_kind, -1.25::numeric), (1, :b::int, 'transfer_in'::ledger_kind, 1.25::numeric)),
moved AS (UPDATE sms_accounts s SET credits_left = s.credits_left + i.amount FROM input i WHERE s.id = i.account_id AND s.credits_left + i.amount >= 0
  RETURNING s.id, s.credits_left, s.recredit_amount, s.recredit_threshold),
inserted AS (INSERT INTO ledger_entries (sms_account_id, kind, amount, balance_after, reference, actor_type, actor_label, transfer_id, created_at)
  SELECT i.account_id, i.kind, i.amount, m.credits_left, '', 'system', 'pgbench', (SELECT id FROM recorded), now() FROM input i JOIN moved m ON m.id = i.account_id
  ORDER BY i.n RETURNING id, sms_account_id, balance_after, created_at)
SELECT i.id::text, i.sms_account_id, i.balance_after::text, (m.recredit_amount IS NOT NULL AND m.credits_left <= m.recredit_threshold) AS at_threshold,
       extract(epoch FROM (SELECT created_at FROM recorded))::text AS at
FROM inserted i JOIN moved m ON m.id = i.sms_account_id;
UPDATE idempotency_keys SET result = jsonb_build_object('ok', true) WHERE scope = 'customer:${customerId}' AND key = 'pgb-' || :client_id::text || '-' || :r::text;
COMMIT;
`;

/** Runs pgbench with a per-transaction log, so its latency percentiles can be printed beside the panel's. */
export function pgbench(url: string, script: string, clients: number, seconds: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "pgbench-"));
  writeFileSync(path.join(dir, "transfer.sql"), script);
  const out = execFileSync(
    "pgbench",
    ["-n", "-M", "prepared", "-f", "transfer.sql", "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(seconds), "-l", "--log-prefix=tx", url],
    { encoding: "utf8", cwd: dir },
  );
  if (process.env.BENCH_VERBOSE) console.log(out);
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  // Each log line: client, transaction number, latency in microseconds, …
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith("tx."))
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").trim().split("\n"))
    .map((line) => Number(line.split(" ")[2]) / 1000)
    .sort((a, b) => a - b);
  rmSync(dir, { recursive: true, force: true });
  return { tps: Number(tps[1]), p50: percentile(latencies, 50).toFixed(2), p99: percentile(latencies, 99).toFixed(2) };
}

export async function benchTransfers(report: (line: string) => void) {
  await withBenchDatabase(async (url, open) => {
    const setup = await open(4);
    const { customerId, accounts } = await seed(setup.db);
    const names = accounts.map((a) => a.serviceName);
    const results: Array<{ c: number; panel: number; pg: number }> = [];
    for (const c of LEVELS) {
      const handle = await open(c);
      const r = await timed(c, SECONDS, async () => {
        const i = Math.floor(Math.random() * ACCOUNTS);
        let j = Math.floor(Math.random() * (ACCOUNTS - 1));
        if (j >= i) j++;
        const res = await transferCredits(handle.db, { customerAccountId: customerId, source: names[i]!, target: names[j]!, amount: "1.25", idempotency: { scope: `customer:${customerId}`, key: randomUUID() }, actor: { type: "system", label: "bench" } });
        if (!res.ok) throw new Error(`transfer refused: ${res.code}`);
      });
      await handle.close();
      report(`panel transfers, ${String(c).padStart(2)} clients: ${String(r.perSecond).padStart(5)}/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  (${r.ops} transfers)`);
      results.push({ c, panel: r.perSecond, pg: 0 });
      if (c === 16) report(`p99 at 16 clients: ${r.p99} ms (target < 50 ms): ${Number(r.p99) < 50 ? "met" : "NOT met"}`);
    }
    const violations = await ledgerViolations(setup.db);
    if (violations.length) throw new Error(`ledger invariants broken after the panel run: ${violations.slice(0, 5).join("; ")}`);
    const total = (await setup.db.select({ t: sql<string>`sum(credits_left)` }).from(smsAccounts).where(eq(smsAccounts.customerAccountId, customerId)))[0]!.t;
    report(`after the panel run: every ledger invariant holds; total credits ${total} (expected ${ACCOUNTS * 1000000}.00)`);

    const script = PGBENCH_SCRIPT(accounts[0]!.id, customerId);
    for (const r of results) {
      const pg = pgbench(url, script, r.c, SECONDS);
      r.pg = Math.round(pg.tps);
      report(`pgbench, same statements, ${String(r.c).padStart(2)} clients: ${String(r.pg).padStart(5)}/s  p50 ${pg.p50} ms  p99 ${pg.p99} ms  → panel/pgbench = ${(r.panel / r.pg).toFixed(2)} (target ≥ 0.50)`);
    }

    // Reading a balance never sums the ledger: the same read on an account with 1 million entries.
    const big = accounts[0]!;
    await setup.db.execute(sql`
      insert into ledger_entries (sms_account_id, kind, amount, balance_after, reference, actor_type, actor_label)
      select ${big.id}, 'adjustment', 0.01, 0, 'bulk', 'system', 'bench' from generate_series(1, 1000000)`);
    await setup.db.execute(sql`analyze ledger_entries`);
    const readBalance = (serviceName: string) => timed(1, 2, () => findSmsAccount(setup.db, customerId, serviceName));
    const small = await readBalance(accounts[1]!.serviceName);
    const large = await readBalance(big.serviceName);
    report(`balance read, account with few entries:  p50 ${small.p50} ms, p99 ${small.p99} ms`);
    report(`balance read, account with 1,000,000 more entries: p50 ${large.p50} ms, p99 ${large.p99} ms (no sum of the ledger)`);
    const { listHistory } = await import("@/lib/credits/history");
    const page = await timed(1, 2, () => listHistory(setup.db, big.id, {}, { limit: 25, beforeId: 500000n }));
    report(`history page deep in 1,000,000 entries (keyset): p50 ${page.p50} ms, p99 ${page.p99} ms`);
  });
}
