import { decode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

/**
 * Auth.js's session cookie decoder, remembering what each cookie decoded to. Decoding derives the key (HKDF) and
 * decrypts the cookie on every call: about a millisecond of CPU, twice per page (the proxy, then the page). A cookie
 * is authenticated ciphertext, so the same string always decodes to the same claims; the claims' expiry is checked
 * again on every use. The session behind the cookie is still checked in the database on every request
 * (lib/auth/session.ts), so a revoked session ends at once.
 */
const MAX_ENTRIES = 10_000;
const decoded = new Map<string, JWT>();

export async function decodeSessionCookie(params: JWTDecodeParams): Promise<JWT | null> {
  if (!params.token) return null;
  const key = `${params.salt}\u0000${params.token}`;
  const hit = decoded.get(key);
  if (hit) {
    if (typeof hit.exp === "number" && hit.exp * 1000 > Date.now()) return hit;
    decoded.delete(key);
  }
  const claims = await decode(params);
  if (!claims) return null;
  if (decoded.size >= MAX_ENTRIES) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, claims);
  return claims;
}
