import { expect, it } from "vitest";
import { seedReferenceData } from "@/db/seed";
import { enqueue, QUEUES } from "@/lib/jobs";
import { startWorker } from "@/lib/jobs/worker";
import { sendSms } from "@/lib/sms/send";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/**
 * Workers fetch jobs in batches. A job that cannot finish yet must be retried alone: when pg-boss failed the whole
 * batch, its neighbours went back to the queue with it, again at each retry, and (with backoff) drifted minutes away.
 */
describeOnBothDrivers("a batch of jobs", (ctx) => {
  it("a job whose work is not ready is retried alone; the job fetched with it is completed at its first run", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["10"] });
    // A send scheduled in a minute: its SMS cannot be handed off before then, so a job for them now fails.
    const sent = await sendSms(ctx.handle.db, {
      customerAccountId: c.customerId,
      serviceName: c.accounts[0]!.serviceName,
      message: "Later",
      receivers: ["+447400123456"],
      sender: "Acme",
      options: { differedPeriod: 1 },
      actor: { type: "system", label: "test" },
    });
    if (!sent.ok) throw new Error(`send refused: ${sent.code}`);
    const early = sent.ids.map(String);
    await enqueue(ctx.handle.db, QUEUES.handoffSms, { ids: early }, { startAfterSeconds: 0 });
    await enqueue(ctx.handle.db, QUEUES.handoffSms, { ids: [] }, { startAfterSeconds: 0 });

    type Row = { id: string; state: string; retry_count: number; data: { ids: string[] }; output: { message?: string } | null };
    const jobs = async () =>
      (await ctx.handle.executeSql("select id, state::text as state, retry_count, data, output from pgboss.job where name = 'handoff-sms' and start_after < now() + interval '30 seconds'"))
        .rows as Row[];
    const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const worker = await startWorker(ctx.handle, (_level, message, fields = {}) => void lines.push({ message, fields }));
    try {
      const deadline = Date.now() + 60_000;
      let rows = await jobs();
      while (!(rows.some((r) => r.data.ids.length === 0 && r.state === "completed") && rows.some((r) => r.data.ids.length > 0 && r.state === "retry"))) {
        if (Date.now() > deadline) throw new Error(`jobs did not settle: ${JSON.stringify(rows)}`);
        await new Promise((r) => setTimeout(r, 200));
        rows = await jobs();
      }
      const ready = rows.find((r) => r.data.ids.length === 0)!;
      const notReady = rows.find((r) => r.data.ids.length > 0 && r.state === "retry")!;
      expect(ready).toMatchObject({ state: "completed", retry_count: 0 });
      expect(notReady.output?.message).toBe("1 SMS still pending");
      // Each run of a job is logged before its handler, with the process running it (the chaos run aims by it).
      const starts = lines.filter((l) => l.message === "job started");
      expect(starts).toContainEqual({ message: "job started", fields: { queue: "handoff-sms", job: ready.id, retryCount: 0, pid: process.pid } });
      expect(starts).toContainEqual({ message: "job started", fields: { queue: "handoff-sms", job: notReady.id, retryCount: 0, pid: process.pid } });
      const failed = lines.findIndex((l) => l.message === "job failed, will be retried" && l.fields.job === notReady.id);
      expect(failed).toBeGreaterThan(lines.findIndex((l) => l.message === "job started" && l.fields.job === notReady.id));
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
