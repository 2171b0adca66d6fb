import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig, PUBLIC_PATHS } from "@/auth.config";
import { decodeSessionCookie } from "@/lib/auth/session-cookie";
import { actionRefusalResponse, actionRequestRefusal, chunkedActionRefusal } from "@/lib/http/action-guard";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";
import { requestIdFrom } from "@/lib/ops/request-id.mjs";

/**
 * The coarse gate: pages need a session (the login page does not), and every response gets a content security
 * policy with a fresh nonce, which Next puts on its own scripts.
 */
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Reads the session token without re-issuing it: a proxy that refreshed the cookie on every request would write it
 * back over the deletion made by logging out.
 */
async function hasSession(request: NextRequest): Promise<boolean> {
  const token = await getToken({
    req: request,
    secret: authConfig.secret,
    secureCookie: request.nextUrl.protocol === "https:",
    decode: decodeSessionCookie,
  });
  return typeof token?.sid === "string";
}

/** A path whose %-escapes do not decode: Next.js would answer it with a bare 500 before any route runs. */
function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/1.0/")) {
    // The API has its own authentication (signed requests) and errors; only a malformed path is answered here,
    // in the API's shape.
    if (malformedPath(pathname)) return NextResponse.json({ message: "Malformed URL: invalid percent-encoding in the path." }, { status: 400 });
    return NextResponse.next();
  }
  if (malformedPath(pathname)) return new NextResponse("Bad request: invalid percent-encoding in the address.", { status: 400 });
  const refusal = actionRequestRefusal(request.method, request.headers) ?? (await chunkedActionRefusal(request));
  if (refusal) return actionRefusalResponse(refusal, request.headers, request.cookies.get(LOCALE_COOKIE)?.value);
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const signedIn = await hasSession(request);

  if (!isPublic && !signedIn) {
    const login = new URL("/login", request.nextUrl);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  if (isPublic && signedIn) return NextResponse.redirect(new URL("/telecom/sms", request.nextUrl));

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // A page's request id (the API has X-OVH-QueryId): kept from the server or nginx in front, else new.
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  // Not the operator's probes (/healthz, /readyz, /metrics: no session), Auth.js's routes, static files or the API
  // (signed requests, its own errors) — but an API path with a %-escape, to answer a malformed one (see above).
  // Every other API request skips the proxy (~0.4 ms each).
  matcher: ["/((?!api/|1\\.0/|healthz|readyz|metrics|_next/static|_next/image|favicon.ico|robots.txt).*)", "/1\\.0/(.*%.*)"],
};
