import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { callbackCalls, smsAccounts, type SmsAccount } from "@/db/schema";
import { isPrivateHost, outboundRequest, privateAllowed } from "../http/outbound";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import { refusalTable } from "../refusals";
import { findSmsAccount } from "./accounts";

/**
 * OVHcloud's callBack and stopCallBack of an SMS account: URLs of the customer called on each delivery report and on
 * each STOP (a report with ptt 53: the recipient answered STOP). Set by PUT /sms/{serviceName} and by the panel's form
 * through saveCallbackUrls. Each event is a row of callback_calls written in the transaction that records the report,
 * with its job (the `callback` queue); the job calls the URL as OVHcloud does (GET, the event in the query string),
 * retried with exponential backoff until it answers 2xx or MAX_CALLBACK_ATTEMPTS are spent.
 *
 * Every call is signed so the customer can tell it is ours: `X-Callback-Timestamp` (unix seconds) and
 * `X-Callback-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<query string as sent>" with the account's secret>`.
 *
 * A URL must be http(s). In production it must not lead to a loopback, private, link-local or otherwise non-public
 * address (checked when it is set for an address written in it, and on each call for every address its name resolves
 * to, on the connection itself, so a name cannot resolve elsewhere between the check and the call), unless
 * CALLBACK_ALLOW_PRIVATE=1.
 */
export const MAX_CALLBACK_ATTEMPTS = 8;
export const CALLBACK_URL_MAX_LENGTH = 2048;

export type CallbackUrlRefusal = { code: "url_invalid" } | { code: "url_scheme" } | { code: "url_too_long" } | { code: "url_private" };

/** A callback URL as typed: "" clears it; otherwise an absolute http(s) URL whose written address (if any) is public. */
export function checkCallbackUrl(value: string, allowPrivate = privateAllowed()): { ok: true; url: string } | ({ ok: false } & CallbackUrlRefusal) {
  const url = value.trim();
  if (url === "") return { ok: true, url };
  if (url.length > CALLBACK_URL_MAX_LENGTH) return { ok: false, code: "url_too_long" };
  if (!URL.canParse(url)) return { ok: false, code: "url_invalid" };
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, code: "url_scheme" };
  if (!parsed.hostname) return { ok: false, code: "url_invalid" };
  if (!allowPrivate && isPrivateHost(parsed)) {
    return { ok: false, code: "url_private" };
  }
  return { ok: true, url: parsed.toString() };
}

export const CALLBACK_REFUSALS = refusalTable<CallbackUrlRefusal & { field?: "callBack" | "stopCallBack" } | { code: "account_not_found" }>("callback", {
  url_invalid: { fieldOf: (r) => r.field },
  url_scheme: { fieldOf: (r) => r.field },
  url_too_long: { fieldOf: (r) => r.field },
  url_private: { fieldOf: (r) => r.field },
  account_not_found: { status: 404 },
});

export type SaveCallbacksResult =
  | { ok: true; account: SmsAccount }
  | ({ ok: false; field: "callBack" | "stopCallBack" } & CallbackUrlRefusal)
  | { ok: false; code: "account_not_found"; field?: undefined };

/** Sets callBack and/or stopCallBack (undefined: unchanged; "": none). The signing secret is made with the first URL. */
export async function saveCallbackUrls(
  db: DbOrTx,
  input: { customerAccountId: number; serviceName: string; callBack?: string; stopCallBack?: string },
): Promise<SaveCallbacksResult> {
  const set: Partial<Pick<SmsAccount, "callbackUrl" | "stopCallbackUrl">> = {};
  for (const [field, column] of [["callBack", "callbackUrl"], ["stopCallBack", "stopCallbackUrl"]] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const checked = checkCallbackUrl(value);
    if (!checked.ok) return { ...checked, field };
    set[column] = checked.url;
  }
  const account = await findSmsAccount(db, input.customerAccountId, input.serviceName);
  if (!account) return { ok: false, code: "account_not_found" };
  if (Object.keys(set).length === 0) return { ok: true, account };
  const [updated] = await db
    .update(smsAccounts)
    .set({ ...set, callbackSecret: sql`coalesce(${smsAccounts.callbackSecret}, ${randomBytes(24).toString("base64url")})` })
    .where(eq(smsAccounts.id, account.id))
    .returning();
  return { ok: true, account: updated! };
}

/** The delivery reports of `ids` just recorded, as calls of their accounts' URLs, each with its job: in the caller's transaction. */
export async function queueDeliveryCallbacks(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const result = (await tx.execute(sql`
    insert into callback_calls (sms_account_id, kind, outgoing_sms_id, url, params)
    select o.sms_account_id, k.kind::callback_kind, o.id,
           case k.kind when 'delivery' then s.callback_url else s.stop_callback_url end,
           case k.kind
             when 'delivery' then jsonb_build_object(
               'id', o.id::text, 'smsAccount', s.service_name, 'receiver', o.receiver, 'ptt', o.ptt::text,
               'dlr', case o.status when 'delivered' then '1' else '2' end,
               'description', case o.ptt when 0 then 'Delivered' when 53 then 'STOP: the receiver refused messages'
                                       when 801 then 'Expired' else 'Not delivered' end,
               'date', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'tag', o.tag)
             else jsonb_build_object(
               'smsAccount', s.service_name, 'receiver', o.receiver, 'id', o.id::text,
               'date', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
           end
    from outgoing_sms o
    join sms_accounts s on s.id = o.sms_account_id
    cross join (values ('delivery'), ('stop')) as k(kind)
    where o.id = any(${`{${ids.join(",")}}`}::bigint[])
      and ((k.kind = 'delivery' and s.callback_url <> '') or (k.kind = 'stop' and o.ptt = 53 and s.stop_callback_url <> ''))
    returning id::text as id`)) as unknown as { rows: { id: string }[] };
  for (const { id } of result.rows) {
    await enqueue(tx, QUEUES.callback, { callId: id }, { startAfterSeconds: 0, singletonKey: `callback-${id}` });
  }
}

/** The signature header's value for a call at `timestamp` with this query string (without "?"). */
export function signCallback(secret: string, timestamp: number, query: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${query}`).digest("hex")}`;
}

/** The URL a call requests: the customer's URL with the event's parameters added to its own query. */
export function callbackRequestUrl(base: string, params: Record<string, string>): URL {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url;
}

/**
 * The callback job: calls the URL of one event once more and records the answer. Returns "retry" when it should be
 * tried again later (the queue's backoff), "done" otherwise (answered 2xx, attempts spent, or already done).
 */
export async function performCallback(db: Db, callId: bigint, options: { allowPrivate?: boolean } = {}): Promise<"done" | "retry"> {
  const [call] = await db
    .select({ call: callbackCalls, secret: smsAccounts.callbackSecret })
    .from(callbackCalls)
    .innerJoin(smsAccounts, eq(smsAccounts.id, callbackCalls.smsAccountId))
    .where(eq(callbackCalls.id, callId));
  if (!call || call.call.status !== "pending") return "done";
  const url = callbackRequestUrl(call.call.url, call.call.params);
  const timestamp = Math.floor(Date.now() / 1000);
  const answer = await outboundRequest(url, "GET", {
    "user-agent": "sms-credits-panel-callback/1",
    "x-callback-timestamp": String(timestamp),
    "x-callback-signature": signCallback(call.secret ?? "", timestamp, url.search.slice(1)),
  }, { allowPrivate: options.allowPrivate ?? privateAllowed() });
  const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
  const attempts = call.call.attempts + 1;
  const status = ok ? "succeeded" : attempts >= MAX_CALLBACK_ATTEMPTS ? "failed" : "pending";
  // Conditional on the attempt it read: a duplicate run of the job (a crashed worker's) records once per attempt.
  await db
    .update(callbackCalls)
    .set({ status, attempts, lastHttpStatus: answer.status, lastAnswer: answer.text, lastAttemptAt: new Date() })
    .where(and(eq(callbackCalls.id, callId), eq(callbackCalls.attempts, call.call.attempts)));
  return status === "pending" ? "retry" : "done";
}

/** The last calls of an SMS account's URLs, newest first, for the panel. */
export async function recentCallbacks(db: DbOrTx, smsAccountId: number, limit = 10) {
  return db.select().from(callbackCalls).where(eq(callbackCalls.smsAccountId, smsAccountId)).orderBy(desc(callbackCalls.id)).limit(limit);
}
