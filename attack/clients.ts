import { readFileSync } from "node:fs";
import { computeSignature } from "@/lib/api/signature";
import { multipart, request, type HttpRequest, type HttpResponse } from "./http";
import type { ApiKeys } from "./seed";

/**
 * The attack's clients, speaking as a browser and as OVHcloud's API clients do: next-auth logins over HTTP,
 * server actions posted with their `Next-Action` id, and signed API requests.
 */
export type Target = {
  /** The TLS proxy, as clients address it. */
  origin: string;
  /** The instances themselves (an attacker on the network may reach them). */
  direct: string[];
};

// ——— sessions ———

export type Session = { email: string; cookie: string };

function cookiesOf(res: HttpResponse): string[] {
  const set = res.headers["set-cookie"] ?? [];
  return set.map((c) => c.split(";")[0]!);
}

export type LoginOutcome = { session: Session | null; throttled: boolean; res: HttpResponse };

/** next-auth's credentials login: GET /api/auth/csrf, then POST /api/auth/callback/credentials. */
export async function login(base: string, email: string, password: string, opts: { localAddress?: string; headers?: Record<string, string> } = {}): Promise<LoginOutcome> {
  const csrf = await request({ url: `${base}/api/auth/csrf`, localAddress: opts.localAddress, headers: opts.headers });
  if (csrf.status !== 200) return { session: null, throttled: false, res: csrf };
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await request({
    url: `${base}/api/auth/callback/credentials`,
    method: "POST",
    localAddress: opts.localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), ...opts.headers },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/telecom/sms" }).toString(),
  });
  const session = cookiesOf(res).filter((c) => /authjs\.session-token/.test(c) && !/=$/.test(c));
  const location = String(res.headers.location ?? "");
  return { session: session.length ? { email, cookie: session.join("; ") } : null, throttled: /throttled/.test(decodeURIComponent(location)), res };
}

// ——— server actions ———

export type ActionRef = { id: string; name: string; file: string; pages: string[] };

/** Every server action of the build, from .next's server reference manifest, with the pages that can run it. */
export function actionsOfBuild(): ActionRef[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    name: entry.exportedName ?? id,
    file: entry.filename ?? "",
    // "app/(panel)/telecom/sms/[serviceName]/send/page" → "/telecom/sms/[serviceName]/send"
    pages: Object.keys(entry.workers)
      .filter((w) => w.endsWith("/page"))
      .map((w) => w.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/"),
  }));
}

export type ActionOutcome = { res: HttpResponse; ok: boolean | null; message: string };

/**
 * Posts a server action as React's client does: a multipart body whose field "0" is the arguments
 * ([previous state, FormData] for forms with useActionState, [FormData] for plain form actions), the form's fields
 * prefixed with the FormData's reference.
 */
export async function callAction(
  target: Target,
  session: Session | null,
  action: ActionRef,
  page: string,
  fields: Array<[string, string]>,
  opts: { plainForm?: boolean; origin?: string; rawBody?: { body: Buffer; contentType: string }; timeoutMs?: number; base?: string; localAddress?: string } = {},
): Promise<ActionOutcome> {
  // As React's encodeReply orders them: the FormData's fields first, the root (field "0") last.
  const body = opts.rawBody ?? multipart([...fields.map(([k, v]) => [`_1_${k}`, v] as [string, string]), ["0", opts.plainForm ? '["$K1"]' : '[{},"$K1"]']]);
  const req: HttpRequest = {
    url: `${opts.base ?? target.origin}${page}`,
    method: "POST",
    timeoutMs: opts.timeoutMs,
    localAddress: opts.localAddress,
    headers: {
      "next-action": action.id,
      accept: "text/x-component",
      "content-type": body.contentType,
      origin: opts.origin ?? target.origin,
      ...(session ? { cookie: session.cookie } : {}),
    },
    body: body.body,
  };
  const res = await request(req);
  const m = /"ok":(true|false)/.exec(res.body);
  const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(res.body)?.[1] ?? "";
  return { res, ok: m ? m[1] === "true" : null, message };
}

/** Whether an action's answer is a refusal: an `ok: false` state, a 4xx, or a redirect to the login page. */
export function refused(outcome: ActionOutcome): boolean {
  if (outcome.ok === false) return true;
  if (outcome.res.status >= 400 && outcome.res.status < 500) return true;
  const redirect = String(outcome.res.headers["x-action-redirect"] ?? outcome.res.headers.location ?? "");
  return /\/login/.test(redirect);
}

// ——— the API ———

export type SignedVia = { base: string; localAddress?: string; headers?: Record<string, string> };

/** How signed URLs are formed: the URL the client addressed, or a workaround found by `probeSigning`. */
export const signing = { rewrite: (addressed: string) => addressed };

export async function api(
  via: SignedVia,
  keys: ApiKeys | null,
  method: string,
  path: string,
  body?: string,
  opts: { idempotencyKey?: string; timestamp?: number; rawPath?: boolean; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  const url = `${via.base}/1.0${path}`;
  const headers: Record<string, string> = { ...via.headers, ...opts.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  if (keys) {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    headers["x-ovh-application"] = keys.applicationKey;
    headers["x-ovh-consumer"] = keys.consumerKey;
    headers["x-ovh-timestamp"] = String(timestamp);
    headers["x-ovh-signature"] = computeSignature({ applicationSecret: keys.applicationSecret, consumerKey: keys.consumerKey, method, url: signing.rewrite(url), body: body ?? "", timestamp });
  }
  return request({ url, method, headers, body, localAddress: via.localAddress, timeoutMs: opts.timeoutMs });
}

/** The headers of a signed request, kept to be sent again (a replay). */
export function signedHeaders(keys: ApiKeys, method: string, url: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    "content-type": "application/json",
    "x-ovh-application": keys.applicationKey,
    "x-ovh-consumer": keys.consumerKey,
    "x-ovh-timestamp": String(timestamp),
    "x-ovh-signature": computeSignature({ applicationSecret: keys.applicationSecret, consumerKey: keys.consumerKey, method, url: signing.rewrite(url), body, timestamp }),
  };
}

/**
 * Finds which URL the API accepts signatures for. The right answer is the URL the client addressed (through the
 * proxy: https://127.0.0.1:PORT, with or without the port); when that is refused, the attack notes it and signs for
 * what the server believes its URL is, so that the other parts still reach the routes.
 */
export async function probeSigning(target: Target, keys: ApiKeys): Promise<{ addressedAccepted: boolean; used: string }> {
  const candidates = [
    (u: string) => u,
    (u: string) => u.replace(/^(\w+:\/\/[^/:]+):\d+\//, "$1/"),
    (u: string) => u.replace(/^\w+:\/\/[^/]+\//, "https://localhost/"),
    (u: string) => u.replace(/^\w+:\/\/[^/]+\//, "http://localhost/"),
  ];
  const labels = ["the addressed URL", "the addressed URL without its port", "https://localhost", "http://localhost"];
  for (let i = 0; i < candidates.length; i++) {
    signing.rewrite = candidates[i]!;
    const res = await api({ base: target.origin }, keys, "GET", "/auth/currentCredential");
    if (res.status === 200) return { addressedAccepted: i <= 1, used: labels[i]! };
  }
  signing.rewrite = candidates[0]!;
  return { addressedAccepted: false, used: "none accepted" };
}
