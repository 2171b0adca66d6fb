import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { clientAddress, signatureOrigins } from "@/lib/http/request-origin";
import { apiScope } from "@/lib/idempotency";
import { API_BODY_LIMIT_BYTES, nulInRequest, readLimitedBody } from "./body";
import { logger } from "@/lib/ops/logger.mjs";
import { parseJsonBody } from "./bodies";
import { applicationSecret, findApplication, isGranted, loadPrincipal, recordCredentialUse } from "./credentials";
import { ApiError, ERROR_CLASS as CLASS } from "./errors";
import { consumeApiQuota } from "./rate-limit";
import { API_ROUTES } from "./routes";
import { candidateUrls, verifySignature } from "./signature";
import type { Route } from "./table";

/**
 * The API's front door: query id, JSON errors in OVHcloud's shapes, the auth layer (application key, consumer key,
 * signature over the raw body and full URL, replay window, access rules), idempotent writes, then the route of the
 * table (lib/api/routes.ts): its permission, its body read by its schema, its handler. Every route calls the same
 * domain functions as the panel's server actions.
 */
function respond(queryId: string, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body === undefined ? null : body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "x-ovh-queryid": queryId, "cache-control": "no-store", ...headers },
  });
}

function authError(queryId: string, errorCode: string, message: string, status = 403): Response {
  return respond(queryId, status, { errorCode, httpCode: status === 403 ? "403 Forbidden" : `${status}`, message });
}

function tooMany(queryId: string, retryAfterSeconds: number): Response {
  return respond(queryId, 429, { class: CLASS[429], message: `Too many requests for this application: retry in ${retryAfterSeconds} s` }, { "retry-after": String(retryAfterSeconds) });
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

/** The JSON of the body (null when empty). */
function parseJson(rawBody: string): unknown {
  if (!rawBody) return null;
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new ApiError(400, "The body is not valid JSON.");
  }
}

/** The body as the route's schema reads it (null for a route without a body), or a 400 naming the field at fault. */
function validBody(route: Route, json: unknown): unknown {
  if (!route.body) return null;
  const parsed = parseJsonBody(route.body, json);
  if (!parsed.ok) throw new ApiError(400, parsed.message);
  return parsed.value;
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

    let found: { route: Route; params: Record<string, string> } | null = null;
    let pathExists = false;
    for (const route of API_ROUTES) {
      const params = match(route.path, path);
      if (!params) continue;
      pathExists = true;
      if (route.method === method) {
        found = { route, params };
        break;
      }
    }
    if (!found) return respond(queryId, pathExists ? 405 : 404, { class: CLASS[404], message: `No route for ${method} ${path}` });
    const { route } = found;

    if (route.auth === "application") {
      // The credential request: the application key only, counted against the application's quota.
      const appKey = request.headers.get("x-ovh-application");
      const application = appKey ? await findApplication(db, appKey) : null;
      if (!application) return authError(queryId, "INVALID_KEY", "Invalid application key");
      const quota = await consumeApiQuota(db, application.applicationKey);
      if (!quota.ok) return tooMany(queryId, quota.retryAfterSeconds);
      // No body at all asks for nothing: the rules' own message says what is missing.
      const body = validBody(route, parseJson(rawBody) ?? {});
      const result = await route.handler({ db, request, application, body });
      return respond(queryId, result.status ?? 200, result.body, result.headers);
    }

    const json = parseJson(rawBody);
    if (route.auth === "public") {
      const result = await route.handler({ db, query: url.searchParams, request });
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
    if (!quota.ok) return tooMany(queryId, quota.retryAfterSeconds);
    if (!isGranted(principal.credential.rules, method, path)) {
      return authError(queryId, "NOT_GRANTED_CALL", `This call has not been granted: ${method} ${path}`);
    }
    if (route.permission && !can(principal.user.role, route.permission)) {
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
    const body = validBody(route, json);
    const result = await route.handler({ db, principal, params: found.params, body, query: url.searchParams, idempotency });
    return respond(queryId, result.status ?? 200, result.body, result.headers);
  } catch (error) {
    if (error instanceof ApiError) return respond(queryId, error.status, { class: CLASS[error.status], message: error.message });
    logger().error({ queryId, err: error }, "API request failed");
    return respond(queryId, 500, { class: "Server::InternalServerError", message: `Internal error (query ${queryId})` });
  }
}
