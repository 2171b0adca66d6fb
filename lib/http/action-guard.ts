import { readLimitedBody } from "@/lib/api/body";
import { negotiateLocale } from "@/lib/i18n/locale";
import { isLocale, type Locale } from "@/lib/billing/subsidiaries";
import en from "@/messages/en.json";
import es from "@/messages/es.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import pl from "@/messages/pl.json";

/**
 * The front door of server actions, checked in proxy.ts before Next.js reads anything. Next.js itself answers a
 * cross-origin action and a body over its limit with a 500 (and an MPA action with a 404): here they get a 403 and a
 * 413 in the user's language, and nothing runs.
 */

/** Largest body of a server action: the same figure as `experimental.serverActions.bodySizeLimit` in next.config.js. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const CATALOGS: Record<Locale, typeof en> = { en, fr, es, it, pl };

/** A POST Next.js may treat as a server action: a fetch action (Next-Action header) or a form post (MPA action). */
function isPossibleAction(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  const type = headers.get("content-type") ?? "";
  return headers.has("next-action") || type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

/** The host the browser addressed, as Next.js compares it with Origin: the first X-Forwarded-Host, else Host. */
function addressedHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export type ActionGuardRefusal = { status: 403 | 413; reason: "crossOrigin" | "tooLarge" };

/** Why a request must not reach a server action, or null. Pure: the method and headers only. */
export function actionRequestRefusal(method: string, headers: Headers): ActionGuardRefusal | null {
  if (!isPossibleAction(method, headers)) return null;
  const origin = headers.get("origin");
  // No Origin: a hand-made request, which carries no one's cookies but its author's (Next.js lets it through too).
  if (origin !== null) {
    const host = addressedHost(headers);
    if (!host || originHost(origin) !== host) return { status: 403, reason: "crossOrigin" };
  }
  const length = headers.get("content-length");
  if (length !== null && (!/^\d+$/.test(length) || Number(length) > ACTION_BODY_LIMIT_BYTES)) return { status: 413, reason: "tooLarge" };
  return null;
}

/**
 * A possible action sent without a Content-Length (chunked): its bytes are counted up to the limit. The proxy reads
 * its own copy of the body (Next.js buffers the request for the route), so the action still gets all of it.
 */
export async function chunkedActionRefusal(request: Request): Promise<ActionGuardRefusal | null> {
  if (!isPossibleAction(request.method, request.headers) || request.headers.has("content-length")) return null;
  const read = await readLimitedBody(request, ACTION_BODY_LIMIT_BYTES);
  return read.ok ? null : { status: 413, reason: "tooLarge" };
}

/** The refusal as a plain-text response in the language of the locale cookie, else of the browser. */
export function actionRefusalResponse(refusal: ActionGuardRefusal, headers: Headers, localeCookie: string | undefined): Response {
  const locale = isLocale(localeCookie) ? localeCookie : negotiateLocale(headers.get("accept-language"));
  return new Response(CATALOGS[locale].errors.request[refusal.reason], {
    status: refusal.status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
