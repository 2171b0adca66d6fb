import { hasNul } from "@/lib/validation/common";

/**
 * Reading an API request before anything else looks at it: the body is read from the stream with a cap (a larger
 * one is refused as soon as its Content-Length or its bytes pass the cap, without holding it), and NUL characters,
 * which PostgreSQL refuses in text, are refused in the path, the query and the JSON body.
 */

/** Largest API body: room for the longest SMS (255 parts) written as JSON escapes, and its receivers. */
export const API_BODY_LIMIT_BYTES = 256 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false };

export async function readLimitedBody(request: Request, limit = API_BODY_LIMIT_BYTES): Promise<BodyRead> {
  const length = request.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length) && Number(length) > limit) return { ok: false };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // As Request.text() decodes (invalid sequences replaced): the signature is computed over this text.
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

function nulInJson(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(nulInJson);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => hasNul(k) || nulInJson(v));
  return false;
}

/** Where the request carries a NUL character ("path", "query" or "body"), or null. A body that is not JSON is left to the JSON check. */
export function nulInRequest(url: URL, rawBody: string): "path" | "query" | "body" | null {
  if (/%00/.test(url.pathname)) return "path";
  for (const [key, value] of url.searchParams) if (hasNul(key) || hasNul(value)) return "query";
  if (rawBody) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      return null;
    }
    if (nulInJson(parsed)) return "body";
  }
  return null;
}
