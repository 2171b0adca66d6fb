import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { candidateUrls, computeSignature, verifySignature } from "./signature";

// A vector computed by the formula of OVHcloud's clients: sha1("AS+CK+GET+https://eu.api.ovh.com/1.0/sms+ +1700000000").
describe("OVHcloud signatures", () => {
  const base = { applicationSecret: "AS", consumerKey: "CK", method: "GET", url: "https://eu.api.ovh.com/1.0/sms", body: "", timestamp: 1700000000 };

  it("signs like the official clients", () => {
    expect(computeSignature(base)).toBe(`$1$${createHash("sha1").update("AS+CK+GET+https://eu.api.ovh.com/1.0/sms++1700000000").digest("hex")}`);
    expect(computeSignature({ ...base, method: "post", body: '{"credits":10}' })).not.toBe(computeSignature({ ...base, method: "POST", body: '{"credits":11}' }));
  });

  it("accepts the URL with or without the port, refuses any change and stale timestamps", () => {
    const signedWithoutPort = computeSignature({ ...base, url: "https://localhost/1.0/sms?x=1" });
    const urls = candidateUrls("/1.0/sms?x=1", ["https://localhost:3443"]);
    expect(urls).toEqual(["https://localhost:3443/1.0/sms?x=1", "https://localhost/1.0/sms?x=1"]);
    expect(candidateUrls("/1.0/sms", ["https://panel.test", "http://127.0.0.1:3300"])).toEqual([
      "https://panel.test/1.0/sms",
      "https://panel.test:443/1.0/sms",
      "http://127.0.0.1:3300/1.0/sms",
      "http://127.0.0.1/1.0/sms",
    ]);
    const { url: _signed, ...common } = base;
    void _signed;
    const check = (signature: string, timestamp = "1700000000", nowSeconds = 1700000010) =>
      verifySignature({ ...common, urls, signature, timestamp, nowSeconds });
    expect(check(signedWithoutPort)).toEqual({ ok: true });
    expect(check(computeSignature({ ...base, url: "https://localhost:3443/1.0/sms?x=1" }))).toEqual({ ok: true });
    expect(check(computeSignature({ ...base, url: "https://localhost/1.0/sms?x=2" }))).toEqual({ ok: false, code: "INVALID_SIGNATURE" });
    expect(check(signedWithoutPort, "1700000000", 1700000500)).toEqual({ ok: false, code: "QUERY_TIME_OUT" });
    expect(check("$1$00")).toEqual({ ok: false, code: "INVALID_SIGNATURE" });
    expect(verifySignature({ ...common, urls, signature: null, timestamp: null, nowSeconds: 1 })).toEqual({ ok: false, code: "INVALID_SIGNATURE" });
  });
});
