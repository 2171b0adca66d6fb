import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { isPrivateHost, outboundRequest } from "@/lib/http/outbound";

describe("outbound requests to a customer's URL", () => {
  it.each([
    ["http://127.0.0.1/hook", true],
    ["http://10.1.2.3/hook", true],
    ["http://[::1]/hook", true],
    ["http://169.254.169.254/latest/meta-data", true],
    ["http://localhost:8080/", true],
    ["https://api.localhost/", true],
    ["https://93.184.215.14/hook", false],
    ["https://example.com/hook", false],
  ])("%s is refused as written: %s", (url, refused) => {
    expect(isPrivateHost(new URL(url))).toBe(refused);
  });

  it("never connects to a loopback address unless allowed, and posts the body when allowed", async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        bodies.push(`${req.method} ${body}`);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    try {
      expect(await outboundRequest(url, "POST", {}, { body: "{}", allowPrivate: false })).toEqual({ status: null, text: "Refused: the URL leads to a non-public address." });
      expect(bodies).toEqual([]);
      expect((await outboundRequest(url, "POST", { "content-type": "application/json" }, { body: '{"a":1}', allowPrivate: true })).status).toBe(204);
      expect(bodies).toEqual(['POST {"a":1}']);
    } finally {
      server.close();
    }
  });
});
