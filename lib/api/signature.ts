import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * OVHcloud API v1 request signatures, exactly as its official clients compute them:
 *   "$1$" + hex(sha1(applicationSecret + "+" + consumerKey + "+" + METHOD + "+" + fullUrl + "+" + rawBody + "+" + timestamp))
 * The full URL includes the query string. The Node client signs https://host/1.0/... without the port; the Python
 * client signs the endpoint with its port: the server accepts the URL as received, with and without the port.
 */
export const REPLAY_WINDOW_SECONDS = 180;

export function computeSignature(input: {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body: string;
  timestamp: string | number;
}): string {
  const payload = [input.applicationSecret, input.consumerKey, input.method.toUpperCase(), input.url, input.body, String(input.timestamp)].join("+");
  return `$1$${createHash("sha1").update(payload).digest("hex")}`;
}

/**
 * The URLs a client may have signed for this request: its path and query under each origin it may have addressed
 * (lib/http/request-origin.ts signatureOrigins), each with its port and without it.
 */
export function candidateUrls(pathAndQuery: string, origins: string[]): string[] {
  const out = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    out.add(`${url.protocol}//${url.host}${pathAndQuery}`);
    out.add(`${url.protocol}//${url.hostname}${pathAndQuery}`);
    out.add(`${url.protocol}//${url.hostname}:${port}${pathAndQuery}`);
  }
  return [...out];
}

export type SignatureCheck = { ok: true } | { ok: false; code: "INVALID_SIGNATURE" | "QUERY_TIME_OUT" };

export function verifySignature(input: {
  signature: string | null;
  timestamp: string | null;
  applicationSecret: string;
  consumerKey: string;
  method: string;
  urls: string[];
  body: string;
  nowSeconds: number;
}): SignatureCheck {
  if (!input.signature || !input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, code: "INVALID_SIGNATURE" };
  if (Math.abs(input.nowSeconds - Number(input.timestamp)) > REPLAY_WINDOW_SECONDS) return { ok: false, code: "QUERY_TIME_OUT" };
  const given = Buffer.from(input.signature);
  for (const url of input.urls) {
    const expected = Buffer.from(computeSignature({ ...input, url, timestamp: input.timestamp }));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, code: "INVALID_SIGNATURE" };
}
