import { customerAccounts, smsAccounts, users } from "@/db/schema";
import { createApplication, decideCredential, requestCredential } from "@/lib/api/credentials";
import { computeSignature, verifySignature } from "@/lib/api/signature";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { withBenchDatabase } from "./database";
import { percentile, startServer } from "./server";
import { timed } from "./transfers";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SECRET = "bench-secret-bench-secret-bench-secret-bench";

/** Signed API transfers through the HTTP server (PostgreSQL), and what checking a signature costs. */
export async function benchApi(report: (line: string) => void) {
  await withBenchDatabase(async (url, open) => {
    const setup = await open(4);
    const [c] = await setup.db.insert(customerAccounts).values({ nicHandle: "api-ovh", name: "Api", subsidiary: "GB" }).returning();
    const [u] = await setup.db.insert(users).values({ customerAccountId: c!.id, email: "bench@api.test", name: "Bench", role: "admin", passwordHash: "x" }).returning();
    const accounts = await setup.db.insert(smsAccounts).values(Array.from({ length: 32 }, (_, i) => ({ customerAccountId: c!.id, serviceName: `sms-api-${i + 1}` }))).returning();
    await setup.db.transaction(async (tx) => {
      for (const a of accounts) await postEntry(tx, { smsAccountId: a.id, kind: "adjustment", amount: credits("1000000"), actor: { type: "system", label: "bench" } });
    });
    const { application, secret } = await createApplication(setup.db, { customerAccountId: c!.id, userId: u!.id, name: "bench", description: "", authSecret: SECRET });
    const credential = await requestCredential(setup.db, { application, rules: [{ method: "POST", path: "/sms/*" }, { method: "GET", path: "/sms" }] });
    await decideCredential(setup.db, { token: credential.validationToken, userId: u!.id, role: "admin", customerAccountId: c!.id, grant: true, validity: "unlimited" });

    // The per-application request limit (500 per 10 s by default) would cut the run short: raised for the bench.
    const server = await startServer({ port: Number(process.env.BENCH_PORT ?? 3290) + 5, databaseUrl: url, env: { API_RATE_LIMIT: "100000000" } });
    try {
      const signed = (method: string, path: string, body: string) => {
        const timestamp = Math.floor(Date.now() / 1000);
        return {
          "X-Ovh-Application": application.applicationKey,
          "X-Ovh-Consumer": credential.consumerKey,
          "X-Ovh-Timestamp": String(timestamp),
          "X-Ovh-Signature": computeSignature({ applicationSecret: secret, consumerKey: credential.consumerKey, method, url: `${server.url}/1.0${path}`, body, timestamp }),
          "Content-Type": "application/json",
        };
      };
      for (const clients of [1, 16]) {
        const r = await timed(clients, SECONDS, async () => {
          const i = Math.floor(Math.random() * accounts.length);
          const j = (i + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
          const path = `/sms/${accounts[i]!.serviceName}/transferCredits`;
          const body = JSON.stringify({ credits: 1.25, smsAccountTarget: accounts[j]!.serviceName });
          const res = await fetch(`${server.url}/1.0${path}`, { method: "POST", headers: signed("POST", path, body), body });
          if (res.status !== 200) throw new Error(`API transfer answered ${res.status}: ${await res.text()}`);
        });
        report(`signed API transfers over HTTP, ${String(clients).padStart(2)} clients: ${String(r.perSecond).padStart(5)}/s  p50 ${r.p50} ms  p99 ${r.p99} ms (${r.ops} transfers)`);
      }
      const unsigned = await timed(4, 3, () => fetch(`${server.url}/1.0/auth/time`).then((r) => r.arrayBuffer()));
      const signedRead = await timed(4, 3, () => fetch(`${server.url}/1.0/sms`, { headers: signed("GET", "/sms", "") }).then((r) => r.arrayBuffer()));
      report(`GET /1.0/auth/time (no auth): p50 ${unsigned.p50} ms; GET /1.0/sms (signed, credential loaded, rules, quota): p50 ${signedRead.p50} ms`);
    } finally {
      await server.stop();
    }
    const samples: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const t0 = performance.now();
      verifySignature({ signature: "$1$" + "0".repeat(40), timestamp: String(Math.floor(Date.now() / 1000)), applicationSecret: secret, consumerKey: credential.consumerKey, method: "POST", urls: ["https://h/1.0/sms/x", "https://h:1/1.0/sms/x"], body: '{"credits":1}', nowSeconds: Math.floor(Date.now() / 1000) });
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    report(`signature check alone (two URL variants): p50 ${(percentile(samples, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(samples, 99) * 1000).toFixed(1)} µs`);
    const violations = await ledgerViolations(setup.db);
    if (violations.length) throw new Error(`ledger invariants broken: ${violations.slice(0, 3).join("; ")}`);
    report("after the API run: every ledger invariant holds");
  });
}
