import { eq } from "drizzle-orm";
import { customerAccounts, paymentMethods, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { saveRecreditSettings } from "@/lib/recredit/settings";
import { sendSms } from "@/lib/sms/send";
import { withBenchDatabase } from "./database";
import { pgbench, timed } from "./transfers";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ACCOUNTS = 16;

/**
 * The statements of one SMS send to one recipient with re-credit off (lib/sms/send.ts, lib/credits/ledger.ts), as a pgbench
 * script: the account with its subsidiary's rates, then the debit (ledger statement) and the outgoing row in one
 * transaction, then the carrier's delivery state.
 */
const PGBENCH_SEND = (first: number, customerId: number) => `
\\set a random(${first}, ${first + ACCOUNTS - 1})
SELECT s.id, s.status, c.subsidiary,
       (SELECT json_object_agg(r.country_code, r.credits::text)::text FROM destination_rates r WHERE r.subsidiary = c.subsidiary) AS rates
FROM sms_accounts s JOIN customer_accounts c ON c.id = s.customer_account_id
WHERE s.customer_account_id = ${customerId} AND s.service_name = 'sms-send-' || (:a::int - ${first} + 1);
BEGIN;
WITH input (n, account_id, kind, amount) AS (VALUES (0, :a::int, 'sms_consumption'::ledger_kind, -1::numeric)),
moved AS (UPDATE sms_accounts s SET credits_left = s.credits_left + i.amount FROM input i WHERE s.id = i.account_id AND s.credits_left + i.amount >= 0
  RETURNING s.id, s.credits_left, s.recredit_amount, s.recredit_threshold),
inserted AS (INSERT INTO ledger_entries (sms_account_id, kind, amount, balance_after, reference, actor_type, actor_label, created_at)
  SELECT i.account_id, i.kind, i.amount, m.credits_left, '1 SMS', 'system', 'pgbench', now() FROM input i JOIN moved m ON m.id = i.account_id
  ORDER BY i.n RETURNING id, sms_account_id, balance_after, created_at)
SELECT i.id::text, i.sms_account_id, i.balance_after::text, (m.recredit_amount IS NOT NULL AND m.credits_left <= m.recredit_threshold) AS at_threshold,
       extract(epoch FROM i.created_at)::text AS at
FROM inserted i JOIN moved m ON m.id = i.sms_account_id \\gset
INSERT INTO outgoing_sms (sms_account_id, receiver, sender, message, encoding, parts, credits, tag, ledger_entry_id)
  SELECT :a::int, r.receiver, 'Bench', 'Bench message', 'GSM7', 1, r.credits, '', :id::bigint
  FROM unnest(ARRAY['+447400123456']::text[], ARRAY[1]::numeric[]) WITH ORDINALITY AS r(receiver, credits, n)
  ORDER BY r.n RETURNING id::text AS oid, receiver \\gset
COMMIT;
UPDATE outgoing_sms o SET status = r.status::outgoing_status, ptt = r.ptt, delivered_at = CASE WHEN r.status = 'delivered' THEN now() END
FROM unnest(ARRAY[:oid::bigint], ARRAY['delivered']::text[], ARRAY[0]::int[]) AS r(id, status, ptt) WHERE o.id = r.id;
`;

/**
 * SMS sends per second, one recipient each, on a PostgreSQL server: with re-credit off, and with a threshold so
 * high that every send triggers a re-credit (order, payment through the sandbox, second ledger entry).
 */
export async function benchSends(report: (line: string) => void) {
  await withBenchDatabase(async (url, open) => {
    const offRates: Array<[number, number]> = [];
    const setup = await open(4);
    await seedReferenceData(setup.db);
    const [c] = await setup.db.insert(customerAccounts).values({ nicHandle: "send-ovh", name: "Send", subsidiary: "GB" }).returning();
    await setup.db.insert(paymentMethods).values({ customerAccountId: c!.id, type: "sepa_direct_debit", status: "valid", maskedNumber: "GB33 ••", holder: "B", providerReference: "sandbox_mandate_bench", isDefault: true });
    const rows = await setup.db
      .insert(smsAccounts)
      .values(Array.from({ length: ACCOUNTS }, (_, i) => ({ customerAccountId: c!.id, serviceName: `sms-send-${i + 1}`, createdAt: new Date(Date.now() - 400 * 86_400_000) })))
      .returning();
    await setup.db.transaction(async (tx) => {
      for (const r of rows) await postEntry(tx, { smsAccountId: r.id, kind: "adjustment", amount: credits("1000000"), actor: { type: "system", label: "bench" } });
    });
    const actor = { type: "system" as const, label: "bench" };
    for (const mode of ["re-credit off", "every send re-credits"] as const) {
      if (mode === "every send re-credits") {
        for (const r of rows) {
          await saveRecreditSettings(setup.db, { customerAccountId: c!.id, serviceName: r.serviceName, threshold: "10000000", amount: "100", actor });
        }
      }
      for (const clients of [1, 16]) {
        const handle = await open(clients);
        const r = await timed(clients, SECONDS, async () => {
          const account = rows[Math.floor(Math.random() * ACCOUNTS)]!;
          const res = await sendSms(handle.db, { customerAccountId: c!.id, serviceName: account.serviceName, message: "Bench message", receivers: ["+447400123456"], sender: "Bench", actor });
          if (!res.ok) throw new Error(`send refused: ${res.code}`);
        });
        await handle.close();
        if (mode === "re-credit off") offRates.push([clients, r.perSecond]);
        report(`SMS sends (${mode}), ${String(clients).padStart(2)} clients: ${String(r.perSecond).padStart(5)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.ops} sends)`);
      }
    }
    const violations = await ledgerViolations(setup.db);
    if (violations.length) throw new Error(`ledger invariants broken: ${violations.slice(0, 5).join("; ")}`);
    // Re-credit off again, for pgbench's run of the same statements.
    for (const r of rows) {
      await saveRecreditSettings(setup.db, { customerAccountId: c!.id, serviceName: r.serviceName, threshold: "0", amount: null, actor });
    }
    for (const [clients, panel] of offRates) {
      const pg = pgbench(url, PGBENCH_SEND(rows[0]!.id, c!.id), clients, SECONDS);
      report(`pgbench, same statements as a send (re-credit off), ${String(clients).padStart(2)} clients: ${String(Math.round(pg.tps)).padStart(5)}/s  p50 ${pg.p50} ms  p99 ${pg.p99} ms  → panel/pgbench = ${(panel / pg.tps).toFixed(2)} (target ≥ 0.50)`);
    }
    const sample = (await setup.db.select().from(smsAccounts).where(eq(smsAccounts.id, rows[0]!.id)))[0]!;
    report(`after the sends: every ledger invariant holds (sample balance ${sample.creditsLeft / 100n} credits)`);
  });
}
