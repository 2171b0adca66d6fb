import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signedWebhookHeaders, TIMESTAMP_HEADER, verifyWebhook, webhookSignature } from "./webhook-signature";

const secret = "whsec_test";
const body = '{"type":"sms.balance_low","id":"1"}';
const now = new Date("2026-12-03T12:00:00Z");
const ts = Math.floor(now.getTime() / 1000);

describe("webhook signature", () => {
  it("is sha256= and the HMAC-SHA256 of timestamp.body, as a receiver computes it independently", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(webhookSignature(secret, ts, body)).toBe(`sha256=${expected}`);
    expect(signedWebhookHeaders(secret, body, now)).toEqual({ "Content-Type": "application/json", [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: `sha256=${expected}` });
  });

  const good = { body, timestamp: String(ts), signature: webhookSignature(secret, ts, body) };
  it.each([
    ["the signed request", good, now, true],
    ["4 minutes later", good, new Date(now.getTime() + 240_000), true],
    ["6 minutes later (a replay)", good, new Date(now.getTime() + 360_000), false],
    ["another body", { ...good, body: body.replace("1", "2") }, now, false],
    ["another timestamp", { ...good, timestamp: String(ts + 1) }, now, false],
    ["no signature", { ...good, signature: null }, now, false],
    ["a malformed timestamp", { ...good, timestamp: "12e9" }, now, false],
    ["a truncated signature", { ...good, signature: good.signature.slice(0, -1) }, now, false],
  ])("%s → %s", (_name, input, at, valid) => {
    expect(verifyWebhook(secret, input, at)).toBe(valid);
  });
});
