import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { expect, test } from "./fixtures";
import { workerPort } from "./ports";

/**
 * callBack and stopCallBack as a customer's server sees them: set on the SMS account's options page, then an SMS sent
 * from the panel; the delivery reports and the STOP arrive at a server of this test, signed with the secret the panel
 * shows; the panel lists the calls and what the server answered.
 */
type Received = { path: string; query: string; params: URLSearchParams; timestamp: string; signature: string };

test("a delivery report and a STOP arrive at the customer's callBack and stopCallBack URLs, signed", async ({ page, seed, signIn }) => {
  const RECEIVER_PORT = workerPort(3);
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${RECEIVER_PORT}`);
    received.push({
      path: url.pathname,
      query: url.search.slice(1),
      params: url.searchParams,
      timestamp: String(req.headers["x-callback-timestamp"]),
      signature: String(req.headers["x-callback-signature"]),
    });
    res.end("received");
  });
  await new Promise<void>((resolve) => server.listen(RECEIVER_PORT, "127.0.0.1", resolve));
  try {
    const c = await seed({ accounts: [{ balance: "500" }] });
    await signIn(c.admin);
    const service = c.sms[0]!;
    await page.goto(`/telecom/sms/${service}/options/recredit`);
    const callBack = page.getByLabel("Delivery report URL (callBack)");
    await callBack.fill("ftp://127.0.0.1/report");
    await page.getByRole("button", { name: "Update URLs" }).click();
    await expect(page.getByText("The URL must start with http:// or https://.").first()).toBeVisible();

    await page.getByLabel("Delivery report URL (callBack)").fill(`http://127.0.0.1:${RECEIVER_PORT}/report?source=panel`);
    await page.getByLabel("STOP URL (stopCallBack)").fill(`http://127.0.0.1:${RECEIVER_PORT}/stop`);
    await page.getByRole("button", { name: "Update URLs" }).click();
    await expect(page.getByTestId("callbacks-saved")).toHaveText("The URLs are updated.");
    const secret = (await page.getByTestId("callback-secret").textContent())!.trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    await page.goto(`/telecom/sms/${service}/send`);
    await page.getByLabel("Recipients").fill("+447400123456, +447400120000");
    await page.getByLabel("Sender").fill("Acme");
    await page.getByLabel("Message").fill("Callback journey");
    await page.getByRole("button", { name: /^Review/ }).click();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByText(/2 SMS sent/)).toBeVisible();

    // The worker calls the URLs after the reports are recorded.
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const delivered = received.find((r) => r.path === "/report" && r.params.get("receiver") === "+447400123456");
    const refused = received.find((r) => r.path === "/report" && r.params.get("receiver") === "+447400120000");
    const stop = received.find((r) => r.path === "/stop");
    expect(delivered?.params.get("source")).toBe("panel");
    expect(Object.fromEntries(delivered!.params)).toMatchObject({ smsAccount: service, ptt: "0", dlr: "1", description: "Delivered" });
    expect(Object.fromEntries(refused!.params)).toMatchObject({ ptt: "53", dlr: "2" });
    expect(Object.fromEntries(stop!.params)).toMatchObject({ smsAccount: service, receiver: "+447400120000", id: refused!.params.get("id") });
    for (const call of [delivered!, refused!, stop!]) {
      expect(call.signature).toBe(`sha256=${createHmac("sha256", secret).update(`${call.timestamp}.${call.query}`).digest("hex")}`);
      expect(call.signature).not.toBe(`sha256=${createHmac("sha256", "another secret").update(`${call.timestamp}.${call.query}`).digest("hex")}`);
    }

    await page.goto(`/telecom/sms/${service}/options/recredit`);
    const calls = page.getByTestId("callback-calls");
    await expect(calls.getByRole("row").filter({ hasText: "Answered" })).toHaveCount(3);
    await expect(calls).toContainText("STOP");
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
