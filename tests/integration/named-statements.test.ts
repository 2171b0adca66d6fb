import { afterEach, expect, it } from "vitest";
import { transferCredits } from "@/lib/credits/transfers";
import { findSmsAccount } from "@/lib/sms/accounts";
import { credits } from "@/lib/credits/amounts";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/**
 * Behind PgBouncer in transaction pooling, a named prepared statement made on one server connection is missing on
 * the next one. DATABASE_NAMED_STATEMENTS=0 makes the hot paths send unnamed statements: none is left prepared on
 * the session, and a transfer still works.
 */
const actor = { type: "system" as const, label: "test" };
afterEach(() => {
  delete process.env.DATABASE_NAMED_STATEMENTS;
});

describeOnBothDrivers("hot-path statements behind a transaction pooler", (ctx) => {
  // preparedRead (db/client.ts): a builder's read prepared once per handle keeps the builder's row mapping and scope.
  it("reads an SMS account through a prepared builder query: the same row each time, scoped to its customer", async () => {
    const a = await makeCustomer(ctx.handle.db, { balances: ["12.5"] });
    const b = await makeCustomer(ctx.handle.db, { balances: ["3"] });
    const name = a.accounts[0]!.serviceName;
    const first = await findSmsAccount(ctx.handle.db, a.customerId, name);
    const again = await findSmsAccount(ctx.handle.db, a.customerId, name);
    expect(first).toMatchObject({ id: a.accounts[0]!.id, serviceName: name, creditsLeft: credits("12.5") });
    expect(again).toEqual(first);
    expect(await findSmsAccount(ctx.handle.db, b.customerId, name)).toBeNull();
    expect(await findSmsAccount(ctx.handle.db, a.customerId, "sms-nobody-1")).toBeNull();
  });

  async function preparedAfterTransfer(): Promise<number> {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "0"] });
    // One connection for the whole check: the transfer and the count must see the same session.
    return ctx.handle.db.transaction(async (tx) => {
      await tx.execute("deallocate all");
      const result = await transferCredits(tx as never, { customerAccountId: c.customerId, source: c.accounts[0]!.serviceName, target: c.accounts[1]!.serviceName, amount: "1", actor });
      expect(result.ok).toBe(true);
      const rows = (await tx.execute("select count(*)::int as n from pg_prepared_statements")) as unknown as { rows: Array<{ n: number }> };
      return rows.rows[0]!.n;
    });
  }

  // PGlite has no named statements of its own (one connection, no pooler in front): the server only. Last in this
  // file: `deallocate all` leaves node-postgres believing its statements are still prepared on those connections.
  it.skipIf(ctx.driver === "pglite")("prepares named statements by default, none with DATABASE_NAMED_STATEMENTS=0", async () => {
    expect(await preparedAfterTransfer()).toBeGreaterThan(0);
    process.env.DATABASE_NAMED_STATEMENTS = "0";
    expect(await preparedAfterTransfer()).toBe(0);
  });
});
