import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTrust, forwardedRequest, parseTrustProxy, sanitiseForwardedHeaders } from "./forwarded.mjs";

/** A real HTTP server that sanitises like server.mjs, then answers with the headers Next would see. */
function echoServer(trustProxy: string, host: string) {
  const trust = compileTrust(trustProxy);
  const server = http.createServer((req, res) => {
    if (!sanitiseForwardedHeaders(req, trust)) return void res.writeHead(400).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers));
  });
  return {
    server,
    listen: () => new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port))),
  };
}

/** A request from a chosen local address (127.0.0.2 is loopback too, but not 127.0.0.1). */
function get(options: { host: string; port: number; from?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; headers: Record<string, string> }>((resolve, reject) => {
    const req = http.request({ host: options.host, port: options.port, localAddress: options.from, path: "/x", headers: options.headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: body ? JSON.parse(body) : {} }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("forwarded headers over real sockets", () => {
  const v4 = echoServer("127.0.0.1", "127.0.0.1");
  const v6 = echoServer("::1", "::1");
  let port4 = 0;
  let port6 = 0;
  beforeAll(async () => {
    port4 = await v4.listen();
    port6 = await v6.listen();
  });
  afterAll(() => {
    v4.server.close();
    v6.server.close();
  });

  it("ignores every X-Forwarded-* from an untrusted peer, and keeps the Host it sent with its port", async () => {
    const { headers } = await get({
      host: "127.0.0.1",
      port: port4,
      from: "127.0.0.2",
      headers: { host: "Panel.Test:8443", "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-port": "443", "x-real-ip": "203.0.113.8", forwarded: "for=203.0.113.9" },
    });
    expect(headers).toMatchObject({ "x-forwarded-for": "127.0.0.2", "x-forwarded-host": "panel.test:8443", "x-forwarded-proto": "http", "x-forwarded-port": "8443" });
    expect(headers["x-real-ip"]).toBeUndefined();
    expect(headers.forwarded).toBeUndefined();
  });

  it("believes a trusted proxy: the client is the nearest untrusted hop, the origin is the forwarded one", async () => {
    const { headers } = await get({
      host: "127.0.0.1",
      port: port4,
      from: "127.0.0.1",
      headers: { host: "127.0.0.1:9999", "x-forwarded-for": "203.0.113.7, 198.51.100.2", "x-forwarded-host": "panel.test", "x-forwarded-proto": "https", "x-forwarded-port": "3443" },
    });
    // 203.0.113.7 was written by the client itself: only the hop the trusted proxy saw counts.
    expect(headers).toMatchObject({ "x-forwarded-for": "198.51.100.2", "x-forwarded-host": "panel.test:3443", "x-forwarded-proto": "https", "x-forwarded-port": "3443" });
  });

  it("works over IPv6, and a trusted proxy's default port is left out of the host", async () => {
    const trusted = await get({ host: "::1", port: port6, headers: { host: `[::1]:${port6}`, "x-forwarded-for": "2001:db8::7", "x-forwarded-host": "panel.test", "x-forwarded-proto": "https" } });
    expect(trusted.headers).toMatchObject({ "x-forwarded-for": "2001:db8::7", "x-forwarded-host": "panel.test", "x-forwarded-port": "443" });
    // The same from an IPv4 peer the v6-only trust list does not name: nothing forwarded is believed.
    const untrusted = await get({ host: "127.0.0.1", port: port4, from: "127.0.0.3", headers: { host: "[2001:db8::1]", "x-forwarded-for": "2001:db8::7" } });
    expect(untrusted.headers).toMatchObject({ "x-forwarded-for": "127.0.0.3", "x-forwarded-host": "[2001:db8::1]" });
  });

  it("answers 400 to a Host that is not a host", async () => {
    expect((await get({ host: "127.0.0.1", port: port4, headers: { host: "a b/c" } })).status).toBe(400);
  });
});

type Req = Parameters<typeof forwardedRequest>[0];
const req = (peer: string, headers: Record<string, string>, encrypted = false) => ({ socket: { remoteAddress: peer, encrypted }, headers }) as unknown as Req;

describe("forwardedRequest", () => {
  it("reads TRUST_PROXY as addresses, CIDRs and names, and refuses anything else", () => {
    expect(parseTrustProxy(" 10.0.0.0/8, ::1 ,loopback")).toEqual(["10.0.0.0/8", "::1", "loopback"]);
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(() => parseTrustProxy("proxy.example")).toThrow();
    expect(() => parseTrustProxy("10.0.0.0/33")).toThrow();
  });

  it("trusts a CIDR, IPv4-mapped peers included, and walks the chain through trusted hops only", () => {
    const trust = compileTrust("10.0.0.0/8");
    const r = forwardedRequest(req("::ffff:10.1.2.3", { host: "app:3000", "x-forwarded-for": "198.51.100.9, 10.9.9.9", "x-forwarded-host": "panel.example.com", "x-forwarded-proto": "https" }), trust);
    expect(r).toEqual({ clientAddress: "198.51.100.9", proto: "https", hostname: "panel.example.com", port: "443", host: "panel.example.com" });
    const outside = forwardedRequest(req("::ffff:11.0.0.1", { host: "app:3000", "x-forwarded-for": "198.51.100.9", "x-forwarded-proto": "https" }), trust);
    expect(outside).toMatchObject({ clientAddress: "11.0.0.1", proto: "http", host: "app:3000" });
  });

  it("does not trust an IPv6 peer outside the list", () => {
    const r = forwardedRequest(req("2001:db8::5", { host: "[2001:db8::1]:8080", "x-forwarded-for": "203.0.113.7" }), compileTrust("2001:db8::/127"));
    expect(r).toMatchObject({ clientAddress: "2001:db8::5", hostname: "[2001:db8::1]", port: "8080" });
    const inside = forwardedRequest(req("2001:db8::1", { host: "x", "x-forwarded-for": "203.0.113.7" }), compileTrust("2001:db8::/127"));
    expect(inside).toMatchObject({ clientAddress: "203.0.113.7" });
  });

  it("trusts nobody by default, and uses TLS of the socket itself", () => {
    const r = forwardedRequest(req("127.0.0.1", { host: "panel.test", "x-forwarded-proto": "http" }, true), compileTrust(""));
    expect(r).toMatchObject({ clientAddress: "127.0.0.1", proto: "https", port: "443", host: "panel.test" });
  });

  it("ignores a forwarded value that is not an address or a scheme", () => {
    const r = forwardedRequest(req("127.0.0.1", { host: "x", "x-forwarded-for": "not-an-ip", "x-forwarded-proto": "gopher", "x-forwarded-port": "99999" }), compileTrust("loopback"));
    expect(r).toMatchObject({ clientAddress: "127.0.0.1", proto: "http", host: "x" });
  });
});
