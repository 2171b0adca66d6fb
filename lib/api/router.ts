import "server-only";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { apiCredentials } from "@/db/schema";
import { can, type Permission } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { clientAddress, publicOrigin, signatureOrigins } from "@/lib/http/request-origin";
import { apiScope, type IdempotencyClaim } from "@/lib/idempotency";
import { API_BODY_LIMIT_BYTES, nulInRequest, readLimitedBody } from "./body";
import { logger } from "@/lib/ops/logger.mjs";
import { applicationSecret, findApplication, isGranted, loadPrincipal, parseRules, recordCredentialUse, requestCredential, type ApiPrincipal } from "./credentials";
import { openApiDocument } from "./openapi";
import { consumeApiQuota } from "./rate-limit";
import { smsRoutes } from "./sms-routes";
import { candidateUrls, verifySignature } from "./signature";

/**
 * The API's front door: query id, JSON errors in OVHcloud's shapes, the auth layer (application key, consumer key,
 * signature over the raw body and full URL, replay window, access rules), idempotent POSTs, then the routes. Every
 * route calls the same domain functions as the panel's server actions.
 */
export type ApiContext = {
  db: Db;
  principal: ApiPrincipal;
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
  /**
   * The idempotency key of a write (lib/idempotency.ts): the Idempotency-Key header, or else the request's own
   * signature, so a captured signed request replayed within its window gets the first answer and changes nothing.
   */
  idempotency: IdempotencyClaim | undefined;
};

export type RouteResult = { status?: number; body: unknown; headers?: Record<string, string> };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
  }
}

export type Route = {
  method: string;
  pattern: string;
  /** Public routes need no credential (rates, auth/time). */
  public?: boolean;
  permission?: Permission;
  handler: (ctx: ApiContext) => Promise<RouteResult>;
  /** For public routes, a handler with no principal. */
  publicHandler?: (ctx: { db: Db; query: URLSearchParams; body: unknown; request: Request }) => Promise<RouteResult>;
};

const CLASS: Record<number, string> = { 400: "Client::BadRequest", 403: "Client::Forbidden", 404: "Client::NotFound", 409: "Client::Conflict", 429: "Client::TooManyRequests" };

function respond(queryId: string, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body === undefined ? null : body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "x-ovh-queryid": queryId, "cache-control": "no-store", ...headers },
  });
}

function authError(queryId: string, errorCode: string, message: string, status = 403): Response {
  return respond(queryId, status, { errorCode, httpCode: status === 403 ? "403 Forbidden" : `${status}`, message });
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/");
  const s = path.split("/");
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith("{")) {
      try {
        params[p[i]!.slice(1, -1)] = decodeURIComponent(s[i]!);
      } catch {
        return null; // malformed percent-encoding: no route matches
      }
    }
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

const authRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/auth/time",
    public: true,
    handler: async () => ({ body: null }),
    publicHandler: async () => ({ body: Math.floor(Date.now() / 1000) }),
  },
  {
    method: "GET",
    pattern: "/auth/currentCredential",
    handler: async ({ principal }) => ({
      body: {
        credentialId: principal.credential.id,
        applicationId: principal.application.id,
        rules: principal.credential.rules,
        status: principal.credential.status,
        creation: principal.credential.createdAt.toISOString(),
        expiration: principal.credential.expiresAt?.toISOString() ?? null,
        lastUse: principal.credential.lastUseAt?.toISOString() ?? null,
        allowedIPs: principal.credential.allowedIps ?? null,
      },
    }),
  },
  {
    method: "POST",
    pattern: "/auth/logout",
    handler: async ({ db, principal }) => {
      await db.update(apiCredentials).set({ status: "revoked" }).where(eq(apiCredentials.id, principal.credential.id));
      return { body: null };
    },
  },
];

const docsRoute: Route = {
  method: "GET",
  pattern: "/openapi.json",
  public: true,
  handler: async () => ({ body: null }),
  publicHandler: async ({ request }) => ({ body: openApiDocument(`${publicOrigin(request)}/1.0`) }),
};

const routes: Route[] = [docsRoute, ...authRoutes, ...smsRoutes];

async function credentialRequest(request: Request, db: Db, queryId: string, rawBody: string): Promise<Response> {
  const appKey = request.headers.get("x-ovh-application");
  const application = appKey ? await findApplication(db, appKey) : null;
  if (!application) return authError(queryId, "INVALID_KEY", "Invalid application key");
  const quota = await consumeApiQuota(db, application.applicationKey);
  if (!quota.ok) return respond(queryId, 429, { class: CLASS[429], message: `Too many requests for this application: retry in ${quota.retryAfterSeconds} s` }, { "retry-after": String(quota.retryAfterSeconds) });
  let body: { accessRules?: unknown; redirection?: unknown; allowedIPs?: unknown };
  try {
    body = JSON.parse(rawBody || "{}");
  } catch {
    return respond(queryId, 400, { class: CLASS[400], message: "The body is not valid JSON." });
  }
  const rules = parseRules(body.accessRules);
  if (!rules) return respond(queryId, 400, { class: CLASS[400], message: "accessRules must be a list of { method: GET|POST|PUT|DELETE|PATCH, path: \"/...\" }." });
  const redirection = typeof body.redirection === "string" && /^https?:\/\//.test(body.redirection) ? body.redirection : null;
  const ips = body.allowedIPs;
  if (ips !== undefined && ips !== null && (!Array.isArray(ips) || ips.length > 50 || !ips.every((ip) => typeof ip === "string" && isIP(ip) !== 0))) {
    return respond(queryId, 400, { class: CLASS[400], message: "allowedIPs must be a list of IP addresses." });
  }
  const credential = await requestCredential(db, { application, rules, redirection, allowedIps: Array.isArray(ips) ? (ips as string[]) : null });
  return respond(queryId, 200, {
    consumerKey: credential.consumerKey,
    state: credential.status,
    validationUrl: `${publicOrigin(request)}/api-keys/validate/${credential.validationToken}`,
  });
}

export async function handleApiRequest(request: Request): Promise<Response> {
  const queryId = randomUUID();
  try {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/1\.0/, "") || "/";
    const method = request.method.toUpperCase();
    // The body is capped before anything else (no database, no auth): a huge body is refused, never held.
    const read = method === "GET" || method === "DELETE" ? { ok: true as const, text: "" } : await readLimitedBody(request);
    if (!read.ok) return respond(queryId, 413, { class: "Client::RequestEntityTooLarge", message: `The body is larger than ${API_BODY_LIMIT_BYTES} bytes.` });
    const rawBody = read.text;
    const nul = nulInRequest(url, rawBody);
    if (nul) return respond(queryId, 400, { class: CLASS[400], message: `The ${nul} contains a NUL character, which is not allowed.` });
    const db = await getDb();

    if (method === "POST" && path === "/auth/credential") return await credentialRequest(request, db, queryId, rawBody);

    let found: { route: Route; params: Record<string, string> } | null = null;
    let pathExists = false;
    for (const route of routes) {
      const params = match(route.pattern, path);
      if (!params) continue;
      pathExists = true;
      if (route.method === method) {
        found = { route, params };
        break;
      }
    }
    if (!found) return respond(queryId, pathExists ? 405 : 404, { class: CLASS[404], message: `No route for ${method} ${path}` });

    let body: unknown = null;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return respond(queryId, 400, { class: CLASS[400], message: "The body is not valid JSON." });
      }
    }
    if (found.route.public && found.route.publicHandler) {
      const result = await found.route.publicHandler({ db, query: url.searchParams, body, request });
      return respond(queryId, result.status ?? 200, result.body, result.headers);
    }

    // The auth layer.
    const appKey = request.headers.get("x-ovh-application");
    const consumerKey = request.headers.get("x-ovh-consumer");
    if (!appKey) return authError(queryId, "INVALID_KEY", "Invalid application key");
    if (!consumerKey) return authError(queryId, "NOT_CREDENTIAL", "This call has not been granted: no consumer key");
    const loaded = await loadPrincipal(db, appKey, consumerKey);
    if (!loaded.ok) return authError(queryId, "INVALID_CREDENTIAL", "This credential is not valid");
    const { principal } = loaded;
    const check = verifySignature({
      signature: request.headers.get("x-ovh-signature"),
      timestamp: request.headers.get("x-ovh-timestamp"),
      applicationSecret: applicationSecret(principal.application, env().AUTH_SECRET),
      consumerKey,
      method,
      urls: candidateUrls(`${url.pathname}${url.search}`, signatureOrigins(request)),
      body: rawBody,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!check.ok) {
      return authError(queryId, check.code, check.code === "QUERY_TIME_OUT" ? "The timestamp is outside the allowed window: use GET /auth/time" : "Invalid signature");
    }
    const allowed = principal.credential.allowedIps;
    if (allowed && allowed.length > 0 && !allowed.includes(clientAddress(request.headers))) {
      return authError(queryId, "INVALID_CREDENTIAL", "This credential cannot be used from this address");
    }
    const quota = await consumeApiQuota(db, appKey);
    if (!quota.ok) {
      return respond(queryId, 429, { class: CLASS[429], message: `Too many requests for this application: retry in ${quota.retryAfterSeconds} s` }, { "retry-after": String(quota.retryAfterSeconds) });
    }
    if (!isGranted(principal.credential.rules, method, path)) {
      return authError(queryId, "NOT_GRANTED_CALL", `This call has not been granted: ${method} ${path}`);
    }
    if (found.route.permission && !can(principal.user.role, found.route.permission)) {
      return respond(queryId, 403, { class: CLASS[403], message: "The role of the user who granted this credential does not allow this call." });
    }
    recordCredentialUse(db, principal.credential);

    const idempotencyHeader = request.headers.get("idempotency-key");
    if (idempotencyHeader !== null && (idempotencyHeader.length === 0 || idempotencyHeader.length > 255)) {
      return respond(queryId, 400, { class: CLASS[400], message: "Idempotency-Key must be 1 to 255 characters." });
    }
    const isWrite = method !== "GET";
    const idempotency = isWrite
      ? { scope: apiScope(principal.credential.id), key: idempotencyHeader ? `key:${idempotencyHeader}` : `sig:${request.headers.get("x-ovh-signature")}` }
      : undefined;
    const result = await found.route.handler({ db, principal, params: found.params, body, query: url.searchParams, idempotency });
    return respond(queryId, result.status ?? 200, result.body, result.headers);
  } catch (error) {
    if (error instanceof ApiError) return respond(queryId, error.status, { class: CLASS[error.status], message: error.message });
    logger().error({ queryId, err: error }, "API request failed");
    return respond(queryId, 500, { class: "Server::InternalServerError", message: `Internal error (query ${queryId})` });
  }
}
