import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "../env";

/**
 * Requests the panel makes to a URL a customer gave (callBack / stopCallBack, the low-balance webhook). In
 * production they never reach a loopback, private, link-local or otherwise non-public address unless
 * CALLBACK_ALLOW_PRIVATE=1: the written address is checked, and a name is resolved by a lookup that refuses
 * non-public answers, so the connection uses the address that was checked (no DNS rebinding between check and use).
 * Redirects are not followed.
 */
const TIMEOUT_MS = 10_000;
const ANSWER_KEEP = 200;

/** Whether non-public addresses may be called: outside production, or when CALLBACK_ALLOW_PRIVATE=1. */
export function privateAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== "production" || e.CALLBACK_ALLOW_PRIVATE === "1";
}

/** Whether an IP address is a public unicast one (not loopback, private, link-local, unique-local, CGNAT, reserved…). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

/** Whether a URL's written host is refused outright (a non-public IP literal or a localhost name). */
export function isPrivateHost(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return (isIP(host) !== 0 && !isPublicAddress(host)) || host === "localhost" || host.endsWith(".localhost");
}

/** The answer of an outbound call: its status (null when none came) and the start of its body, or why it failed. */
export type OutboundAnswer = { status: number | null; text: string };

const guardedLookup = (allowPrivate: boolean) => (hostname: string, options: object, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    const list = addresses as LookupAddress[];
    if (!allowPrivate && list.some((a) => !isPublicAddress(a.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: "ECALLBACKPRIVATE" }), "");
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export function outboundRequest(
  url: URL,
  method: "GET" | "POST",
  headers: Record<string, string>,
  options: { allowPrivate?: boolean; body?: string } = {},
): Promise<OutboundAnswer> {
  const allowPrivate = options.allowPrivate ?? privateAllowed();
  if (!allowPrivate && isPrivateHost(url)) return Promise.resolve({ status: null, text: "Refused: the URL leads to a non-public address." });
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const req = client.request(url, { method, headers, lookup: guardedLookup(allowPrivate) as never, timeout: TIMEOUT_MS }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (text.length < ANSWER_KEEP) text += chunk;
        else res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? null, text: text.slice(0, ANSWER_KEEP) });
      res.on("end", done);
      res.on("close", done);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (error: Error & { code?: string }) =>
      resolve({ status: null, text: error.code === "ECALLBACKPRIVATE" ? "Refused: the URL leads to a non-public address." : `No answer: ${error.message}`.slice(0, ANSWER_KEEP) }),
    );
    req.end(options.body);
  });
}
