import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { callbackCalls, smsAccounts } from "@/db/schema";
import { seedReferenceData } from "@/db/seed";
import { checkCallbackUrl, MAX_CALLBACK_ATTEMPTS, performCallback, saveCallbackUrls } from "@/lib/sms/callbacks";
import { sendSms } from "@/lib/sms/send";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

const actor = { type: "user" as const, userId: 1, label: "test" };
const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** A customer's server: records each request and answers with the next status of `answers` (200 once they run out). */
let server: Server;
let base = "";
const received: IncomingMessage[] = [];
const answers: number[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req);
    res.statusCode = answers.shift() ?? 200;
    res.end(res.statusCode === 200 ? "ok" : "try later");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describeOnBothDrivers("callBack and stopCallBack", (ctx) => {
  const setup = async () => {
    await seedReferenceData(ctx.handle.db);
    return makeCustomer(ctx.handle.db, { balances: ["100"] });
  };

  it("refuses URLs that are not http(s), and in production those that lead to a private address", () => {
    expect(checkCallbackUrl("ftp://example.com/x")).toEqual({ ok: false, code: "url_scheme" });
    expect(checkCallbackUrl("not a url")).toEqual({ ok: false, code: "url_invalid" });
    expect(checkCallbackUrl(`https://example.com/${"a".repeat(2100)}`)).toEqual({ ok: false, code: "url_too_long" });
    for (const url of ["http://127.0.0.1/x", "http://10.1.2.3/x", "http://[::1]/x", "http://169.254.169.254/latest", "http://localhost:3000/x", "http://[::ffff:192.168.0.1]/"]) {
      expect(checkCallbackUrl(url, false), url).toEqual({ ok: false, code: "url_private" });
      expect(checkCallbackUrl(url, true).ok, url).toBe(true);
    }
    expect(checkCallbackUrl("https://example.com/sms?token=1", false)).toEqual({ ok: true, url: "https://example.com/sms?token=1" });
    expect(checkCallbackUrl("  ")).toEqual({ ok: true, url: "" });
  });

  it("calls the URLs on each delivery report and STOP, signed, from the job queue enqueued with the report", async () => {
    const c = await setup();
    const a = c.accounts[0]!;
    const refused = await saveCallbackUrls(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, callBack: "gopher://x" });
    expect(refused).toMatchObject({ ok: false, code: "url_scheme", field: "callBack" });
    const saved = await saveCallbackUrls(ctx.handle.db, {
      customerAccountId: c.customerId,
      serviceName: a.serviceName,
      callBack: `${base}/report?token=abc`,
      stopCallBack: `${base}/stop`,
    });
    expect(saved.ok).toBe(true);
    const [account] = await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, a.id));
    const secret = account!.callbackSecret!;
    expect(secret).toMatch(/^[\w-]{32}$/);
    // Saving again keeps the secret the customer has configured.
    await saveCallbackUrls(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, stopCallBack: `${base}/stop2` });
    expect((await ctx.handle.db.select().from(smsAccounts).where(eq(smsAccounts.id, a.id)))[0]!.callbackSecret).toBe(secret);

    // One delivered, one STOP (sandbox numbers ending 0000 answer STOP): 2 delivery reports and 1 STOP.
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: ["+447400123456", "+447400120000"], sender: "Acme", tag: "t1", actor });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const calls = await ctx.handle.db.select().from(callbackCalls).where(eq(callbackCalls.smsAccountId, a.id)).orderBy(callbackCalls.id);
    expect(calls.map((call) => [call.kind, call.outgoingSmsId])).toEqual(
      expect.arrayContaining([["delivery", sent.ids[0]], ["delivery", sent.ids[1]], ["stop", sent.ids[1]]]),
    );
    expect(calls).toHaveLength(3);
    const jobs = rowsOf<{ data: { callId: string } }>(await ctx.handle.db.execute(sql`select data from pgboss.job where name = 'callback'`));
    for (const call of calls) expect(jobs.map((j) => j.data.callId)).toContain(call.id.toString());

    const stop = calls.find((call) => call.kind === "stop")!;
    expect(stop.params).toMatchObject({ smsAccount: a.serviceName, receiver: "+447400120000", id: sent.ids[1]!.toString() });
    const report = calls.find((call) => call.kind === "delivery" && call.outgoingSmsId === sent.ids[1])!;
    expect(report.params).toMatchObject({ id: sent.ids[1]!.toString(), receiver: "+447400120000", ptt: "53", dlr: "2", tag: "t1", smsAccount: a.serviceName });

    // The customer's server fails twice, then answers: retried with the job's backoff, each attempt recorded.
    received.length = 0;
    answers.push(500, 503);
    expect(await performCallback(ctx.handle.db, report.id)).toBe("retry");
    expect(await performCallback(ctx.handle.db, report.id)).toBe("retry");
    expect(await performCallback(ctx.handle.db, report.id)).toBe("done");
    expect(await performCallback(ctx.handle.db, report.id)).toBe("done"); // a duplicate run calls nobody
    expect(received).toHaveLength(3);
    const [done] = await ctx.handle.db.select().from(callbackCalls).where(eq(callbackCalls.id, report.id));
    expect(done).toMatchObject({ status: "succeeded", attempts: 3, lastHttpStatus: 200, lastAnswer: "ok" });

    // What the customer verifies: the signature over "<timestamp>.<query string>" with the account's secret.
    const req = received[2]!;
    const url = new URL(req.url!, base);
    expect(url.pathname).toBe("/report");
    expect(url.searchParams.get("token")).toBe("abc");
    expect(url.searchParams.get("id")).toBe(sent.ids[1]!.toString());
    const timestamp = req.headers["x-callback-timestamp"] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${url.search.slice(1)}`).digest("hex")}`;
    expect(req.headers["x-callback-signature"]).toBe(expected);
  });

  it("gives up after the last attempt, and never calls a private address where they are not allowed", async () => {
    const c = await setup();
    const a = c.accounts[0]!;
    await saveCallbackUrls(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, callBack: `${base}/report` });
    const sent = await sendSms(ctx.handle.db, { customerAccountId: c.customerId, serviceName: a.serviceName, message: "Hi", receivers: ["+447400123456"], sender: "Acme", actor });
    expect(sent.ok).toBe(true);
    const [call] = await ctx.handle.db.select().from(callbackCalls).where(eq(callbackCalls.smsAccountId, a.id));
    received.length = 0;
    for (let i = 1; i < MAX_CALLBACK_ATTEMPTS; i++) expect(await performCallback(ctx.handle.db, call!.id, { allowPrivate: false })).toBe("retry");
    expect(await performCallback(ctx.handle.db, call!.id, { allowPrivate: false })).toBe("done");
    expect(received).toHaveLength(0);
    const [failed] = await ctx.handle.db.select().from(callbackCalls).where(eq(callbackCalls.id, call!.id));
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_CALLBACK_ATTEMPTS, lastHttpStatus: null });
    expect(failed!.lastAnswer).toMatch(/non-public address/);
  });
});
