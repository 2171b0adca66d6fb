import { expect, it } from "vitest";
import { seedReferenceData } from "@/db/seed";
import { findOutgoing, listOutgoing, outgoingIds, parseOutgoingBefore, sendSms } from "@/lib/sms/send";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };

/** The Send page's list of outgoing SMS, paged by key: every SMS once, newest first, none of another account's. */
describeOnBothDrivers("the outgoing SMS list", (ctx) => {
  it("walks 45 SMS in pages of 20, 20 and 5 without a gap or a repeat", async () => {
    await seedReferenceData(ctx.handle.db);
    const c = await makeCustomer(ctx.handle.db, { balances: ["100", "100"] });
    const a = c.accounts[0]!;
    const other = c.accounts[1]!;
    const send = async (serviceName: string, count: number, first: number) => {
      const receivers = Array.from({ length: count }, (_, i) => `+4474001${String(first + i).padStart(5, "0")}`);
      const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName, message: "Hello", receivers, sender: "Acme", actor });
      if (!sent.ok) throw new Error(`send refused: ${sent.code}`);
      return sent.ids;
    };
    const mine = [...(await send(a.serviceName, 25, 0)), ...(await send(a.serviceName, 20, 100))];
    await send(other.serviceName, 3, 500);

    const pages: bigint[][] = [];
    let beforeId: bigint | undefined;
    for (;;) {
      const page = await listOutgoing(ctx.handle.db, a.id, { limit: 20, beforeId });
      pages.push(page.sms.map((s) => s.id));
      expect(page.sms.every((s) => s.smsAccountId === a.id)).toBe(true);
      if (page.nextBeforeId === null) break;
      beforeId = page.nextBeforeId;
    }
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const walked = pages.flat();
    expect(walked).toEqual([...mine].sort((x, y) => (x < y ? 1 : -1)));
    // A page key past the oldest SMS gives an empty page and no next key.
    expect(await listOutgoing(ctx.handle.db, a.id, { limit: 20, beforeId: walked.at(-1)! })).toEqual({ sms: [], nextBeforeId: null });

    // The API's reads of the same rows: all ids of the account, and one SMS only through its own account.
    expect(await outgoingIds(ctx.handle.db, a.id)).toEqual(walked);
    expect(await outgoingIds(ctx.handle.db, a.id, { pendingOnly: true })).toEqual([]);
    expect((await findOutgoing(ctx.handle.db, a.id, walked[0]!))?.id).toBe(walked[0]);
    expect(await findOutgoing(ctx.handle.db, other.id, walked[0]!)).toBeNull();
  });

  it("reads a page key only when it is a canonical id", () => {
    expect(parseOutgoingBefore("42")).toBe(42n);
    for (const bad of [undefined, "", "0", "-1", "042", "4.2", "42 ", "0x10", "99999999999999999999", ["42"]]) expect(parseOutgoingBefore(bad), String(bad)).toBeUndefined();
  });
});
