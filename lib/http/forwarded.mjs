// What a request really says about its client and the address it was sent to, believing X-Forwarded-* only from
// trusted proxies. Plain JavaScript: server.mjs runs it with plain `node` before Next sees the request, and the
// tests import it. lib/http/request-origin.ts reads the headers this leaves behind.
import { isIP, isIPv4 } from "node:net";
import proxyaddr from "proxy-addr";

/** The forwarded headers a client could send; all are replaced by trusted values before Next sees a request. */
export const FORWARDED_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

/**
 * TRUST_PROXY as a list: addresses or CIDRs separated by commas, or the names `loopback`, `linklocal` and
 * `uniquelocal`. Empty or unset: no proxy is trusted. Throws on anything else.
 * @param {string | undefined} value
 * @returns {string[]}
 */
export function parseTrustProxy(value) {
  const list = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  proxyaddr.compile(list); // throws "invalid IP address: …" for a bad entry
  return list;
}

/**
 * The test "is this hop a proxy we believe?", from TRUST_PROXY.
 * @param {string | undefined} value
 * @returns {(address: string, hop: number) => boolean}
 */
export function compileTrust(value) {
  const list = parseTrustProxy(value);
  return list.length === 0 ? () => false : proxyaddr.compile(list);
}

/** "::ffff:203.0.113.7" (an IPv4 client of a dual-stack socket) → "203.0.113.7"; other addresses as they are. */
export function normaliseAddress(address) {
  const mapped = /^::ffff:(.+)$/i.exec(address ?? "");
  return mapped && isIPv4(mapped[1]) ? mapped[1] : (address ?? "");
}

const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/i;
const first = (value) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim() || undefined;
const defaultPort = (proto) => (proto === "https" ? "443" : "80");
const validPort = (port) => typeof port === "string" && /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;

/**
 * The client's address and the origin it addressed (scheme, host, port) for a Node request. From the socket and
 * the Host header, unless the socket's peer is a trusted proxy: then X-Forwarded-For is walked from the nearest hop
 * back to the first untrusted one, and X-Forwarded-Proto/-Host/-Port name the origin. Null for a Host header that
 * is not a host name or address with an optional port.
 * @param {import("node:http").IncomingMessage} req
 * @param {(address: string, hop: number) => boolean} trust
 * @returns {{ clientAddress: string, proto: "http" | "https", hostname: string, port: string, host: string } | null}
 */
export function forwardedRequest(req, trust) {
  const peer = req.socket.remoteAddress ?? "";
  const viaProxy = trust(peer, 0);
  // proxyaddr.all: [peer, …the X-Forwarded-For hops from nearest to farthest], cut after the first untrusted one.
  const hops = viaProxy ? proxyaddr.all(req, trust) : [peer];
  const clientAddress = normaliseAddress(hops.findLast((a) => isIP(a) !== 0) ?? peer);

  const socketProto = /** @type {{ encrypted?: boolean }} */ (req.socket).encrypted ? "https" : "http";
  const forwardedProto = viaProxy ? first(req.headers["x-forwarded-proto"])?.toLowerCase() : undefined;
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : socketProto;

  const host = (viaProxy ? first(req.headers["x-forwarded-host"]) : undefined) ?? req.headers.host ?? "";
  const match = HOST.exec(host);
  if (!match) return null;
  const hostname = (match[1] === undefined ? host : host.slice(0, -(match[1].length + 1))).toLowerCase();
  if (match[1] !== undefined && !validPort(match[1])) return null;
  const forwardedPort = viaProxy ? first(req.headers["x-forwarded-port"]) : undefined;
  const port = String(Number(match[1] ?? (validPort(forwardedPort) ? forwardedPort : defaultPort(proto))));
  return { clientAddress, proto, hostname, port, host: port === defaultPort(proto) ? hostname : `${hostname}:${port}` };
}

/**
 * Replaces every forwarded header of the request with the trusted values, so nothing after this (Next, Auth.js,
 * lib/http/request-origin.ts) can be fooled by one a client sent: X-Forwarded-For holds the one client address,
 * X-Forwarded-Host the host as addressed (with its port unless it is the scheme's default). False when the request
 * names no valid host: answer it 400.
 * @param {import("node:http").IncomingMessage} req
 * @param {(address: string, hop: number) => boolean} trust
 */
export function sanitiseForwardedHeaders(req, trust) {
  const seen = forwardedRequest(req, trust);
  for (const name of FORWARDED_HEADERS) delete req.headers[name];
  if (!seen) return false;
  req.headers["x-forwarded-for"] = seen.clientAddress;
  req.headers["x-forwarded-proto"] = seen.proto;
  req.headers["x-forwarded-host"] = seen.host;
  req.headers["x-forwarded-port"] = seen.port;
  return true;
}
