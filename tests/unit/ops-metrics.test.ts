import { describe, expect, it } from "vitest";
import { countLedgerPostings, countOutcome, outcomeOf, scrape, setPoolProbe, setQueueProbe } from "@/lib/ops/metrics.mjs";
import { requestIdFrom } from "@/lib/ops/request-id.mjs";
import { routeTemplate } from "@/lib/ops/routes.mjs";
import { registerWorker, resetWorkers, workerStatus } from "@/lib/ops/workers.mjs";

describe("metrics", () => {
  it("labels a domain result by its outcome", () => {
    expect(outcomeOf({ ok: true })).toBe("ok");
    expect(outcomeOf({ ok: true, replayed: true })).toBe("replayed");
    expect(outcomeOf({ ok: false, code: "insufficient_credits" })).toBe("insufficient_credits");
  });

  it("exposes default process metrics, domain counters and the probes' values", async () => {
    countOutcome("transfers", "api", { ok: false, code: "same_account" });
    countLedgerPostings([{ kind: "transfer_out" }, { kind: "transfer_in" }]);
    setQueueProbe(() => ({ depth: 7, oldestAgeSeconds: 12.5 }));
    setPoolProbe(() => ({ total: 4, idle: 1, waiting: 2, max: 10 }));
    const { body, contentType } = await scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain("process_resident_memory_bytes");
    expect(body).toContain('transfers_total{outcome="same_account",via="api"} 1');
    expect(body).toContain('ledger_postings_total{kind="transfer_out"} 1');
    expect(body).toContain("job_queue_depth 7");
    expect(body).toContain("job_queue_oldest_age_seconds 12.5");
    expect(body).toContain("db_pool_waiting_requests 2");
    expect(body).toContain("http_request_duration_seconds");
  });

  it("keeps route labels bounded: ids become :id", () => {
    expect(routeTemplate("/telecom/sms/sms-ab12345-1/transfer")).toBe("/telecom/sms/:id/transfer");
    expect(routeTemplate("/1.0/sms/sms-ab12345-1/jobs")).toBe("/1.0/sms/:id/jobs");
    expect(routeTemplate("/billing/orders/42")).toBe("/billing/orders/:id");
    expect(routeTemplate("/_next/static/chunks/abc.js")).toBe("/_next/static/*");
    expect(routeTemplate("/")).toBe("/");
  });

  it("keeps a proxy's request id only when it looks like one", () => {
    expect(requestIdFrom("3f2a9c1e0b7d4c55a1e2")).toBe("3f2a9c1e0b7d4c55a1e2");
    expect(requestIdFrom("bad id\nwith newline")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("worker registry", () => {
  it("says a worker runs while it beats, and not once it stops or stalls", () => {
    resetWorkers();
    const w = registerWorker("jobs", { heartbeatMs: 1000 });
    expect(workerStatus()).toEqual([expect.objectContaining({ name: "jobs", running: true })]);
    expect(workerStatus(Date.now() + 2500)[0]!.running).toBe(false); // two heartbeats missed
    w.beat();
    w.stop();
    expect(workerStatus()[0]!.running).toBe(false);
    resetWorkers();
  });
});
