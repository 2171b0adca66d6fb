import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { checkReadiness } from "@/lib/ops/readiness";
import { registerWorker, resetWorkers } from "@/lib/ops/workers.mjs";
import { describeOnBothDrivers } from "./harness";

describeOnBothDrivers("readiness", (ctx) => {
  const database = async () => ctx.handle;

  it("is ready on a migrated database, and says which migration is applied", async () => {
    resetWorkers();
    const r = await checkReadiness({ database });
    expect(r.ready).toBe(true);
    expect(r.checks.database.ok).toBe(true);
    expect(r.checks.migrations).toMatchObject({ ok: true });
    expect(r.checks.migrations.applied).toBe(r.checks.migrations.expected);
  });

  it("is not ready when a registered worker stopped, or when a worker is required and none runs", async () => {
    resetWorkers();
    expect((await checkReadiness({ database, requireWorker: true })).checks.workers.ok).toBe(false);
    const w = registerWorker("jobs");
    expect((await checkReadiness({ database, requireWorker: true })).ready).toBe(true);
    w.stop();
    const r = await checkReadiness({ database });
    expect(r.ready).toBe(false);
    expect(r.checks.workers.list).toEqual([expect.objectContaining({ name: "jobs", running: false })]);
    resetWorkers();
  });
});

it("is not ready on a database without the migrations", async () => {
  const fresh = await openDatabase({ dir: "memory://" });
  try {
    const r = await checkReadiness({ database: async () => fresh });
    expect(r.ready).toBe(false);
    expect(r.checks.database.ok).toBe(true);
    expect(r.checks.migrations).toMatchObject({ ok: false, applied: null });
  } finally {
    await fresh.close();
  }
});

it("is not ready, and says why, when the database does not answer in time", async () => {
  const r = await checkReadiness({ database: () => new Promise(() => {}), timeoutMs: 100 });
  expect(r.ready).toBe(false);
  expect(r.checks.database.error).toMatch(/no answer within 100 ms/);
});
