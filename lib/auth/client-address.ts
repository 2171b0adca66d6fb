/**
 * The client's address, for rate limits. Next sets X-Forwarded-For to the socket's address when no proxy did;
 * behind a reverse proxy the nearest hop (the last entry) is the one the proxy saw. A spoofed header can only
 * move a client to another per-address counter: the per-account limit still holds.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return last || headers.get("x-real-ip") || "unknown";
}
