import { eq } from "drizzle-orm";
import { customerAccounts, paymentMethods, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { credits } from "@/lib/credits";
import { postEntry } from "@/lib/ledger";
import { ledgerViolations } from "@/lib/ledger-invariants";
import { saveRecreditSettings } from "@/lib/recredit";
import { sendSms } from "@/lib/sms/send";
import { withBenchDatabase } from "./database";
import { timed } from "./transfers";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ACCOUNTS = 16;

/**
 * SMS sends per second, one recipient each, on a PostgreSQL server: with re-credit off, and with a threshold so
 * high that every send triggers a re-credit (order, payment through the sandbox, second ledger entry).
 */
export async function benchSends(report: (line: string) => void) {
  await withBenchDatabase(async (_url, open) => {
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
        report(`SMS sends (${mode}), ${String(clients).padStart(2)} clients: ${String(r.perSecond).padStart(5)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.ops} sends)`);
      }
    }
    const violations = await ledgerViolations(setup.db);
    if (violations.length) throw new Error(`ledger invariants broken: ${violations.slice(0, 5).join("; ")}`);
    const sample = (await setup.db.select().from(smsAccounts).where(eq(smsAccounts.id, rows[0]!.id)))[0]!;
    report(`after the sends: every ledger invariant holds (sample balance ${sample.creditsLeft / 100n} credits)`);
  });
}
