import "server-only";
import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * Who sent a request and which URL they addressed, read from the forwarded headers server.mjs leaves behind: it
 * replaces every X-Forwarded-* with values from the socket, believing a proxy's only when the proxy is in
 * TRUST_PROXY (lib/http/forwarded.mjs). So X-Forwarded-For holds one address and X-Forwarded-Host the host as the
 * client addressed it, with its port. (`next dev` does not sanitise: there a client's own X-Forwarded-* survive.)
 */

/** The client's address, for rate limits and a consumer key's allowedIPs. */
export function clientAddress(headers: Headers): string {
  // One address after server.mjs; should several come through another server, the nearest hop is the one to use.
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return forwarded && isIP(forwarded) !== 0 ? forwarded : "unknown";
}

/** The origin the client addressed ("https://panel.example.com", "http://127.0.0.1:3300"). */
export function addressedOrigin(request: Pick<Request, "headers" | "url">): string {
  const fallback = new URL(request.url);
  const protoHeader = request.headers.get("x-forwarded-proto");
  const proto = protoHeader === "https" || protoHeader === "http" ? protoHeader : fallback.protocol.slice(0, -1);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? fallback.host;
  const url = URL.canParse(`${proto}://${host}`) ? new URL(`${proto}://${host}`) : fallback;
  return url.origin;
}

/** The URL the client addressed: its origin with the request's path and query. */
export function addressedUrl(request: Pick<Request, "headers" | "url">): URL {
  const url = new URL(request.url);
  return new URL(`${url.pathname}${url.search}`, addressedOrigin(request));
}

/** The base of absolute links (validation URL, OpenAPI servers, e-mails): PUBLIC_URL, else the addressed origin. */
export function publicOrigin(request: Pick<Request, "headers" | "url">): string {
  return env().PUBLIC_URL ?? addressedOrigin(request);
}

/** The origins a signed API request may name: the one the client addressed, and PUBLIC_URL when set. */
export function signatureOrigins(request: Pick<Request, "headers" | "url">): string[] {
  const origins = [addressedOrigin(request)];
  const configured = env().PUBLIC_URL;
  if (configured && !origins.includes(configured)) origins.push(configured);
  return origins;
}
