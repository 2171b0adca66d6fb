import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { namedStatement, type DbOrTx, type Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";

/**
 * The one idempotency mechanism of every operation that moves credits or money — transfers, purchases, sends and
 * re-credit settings, from the panel (a form's token) and the API (an Idempotency-Key header, or the request's
 * signature when it has none). The key is claimed inside the operation's own transaction and its answer recorded
 * there too, so a crash leaves both or neither:
 * - a repeat of a committed operation gets the recorded answer and changes nothing;
 * - a repeat of an operation that died before its commit finds no key and runs once;
 * - two requests with one key at once: the second waits on the first's claim (the primary key) and then replays.
 * A refusal is recorded too (the same request repeated is refused the same way), but a different request may reuse
 * the key of a refusal: a corrected form is sent with the token of the refused one.
 */
export type IdempotencyClaim = { scope: string; key: string };

/** How long a key is kept: well beyond any retry and the API's 180-second signature window. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export const panelScope = (customerAccountId: number) => `customer:${customerAccountId}`;

/** A form's idempotency token: made on the server only, when the page renders and with each answer that ends one. */
export const newFormToken = () => randomUUID();
export const apiScope = (credentialId: number) => `api:${credentialId}`;

/** A stable fingerprint of an operation and its normalised input (bigints and dates included). */
export function fingerprint(operation: string, input: Record<string, unknown>): string {
  return `${operation}:${createHash("sha256").update(toJson(input)).digest("hex")}`;
}

/** JSON that keeps bigints (credits, minor units) and dates, for the recorded answers. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (key, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof v === "bigint") return { $bigint: v.toString() };
    if (raw instanceof Date) return { $date: raw.toISOString() };
    return v;
  });
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$bigint === "string" && Object.keys(o).length === 1) return BigInt(o.$bigint);
      if (typeof o.$date === "string" && Object.keys(o).length === 1) return new Date(o.$date);
    }
    return v;
  }) as T;
}

/** The claim and the answer of every write (panel and API): compiled once (db/client.ts namedStatement). */
const insertKey = namedStatement<{ key: string }, "scope" | "key" | "fingerprint">(
  "idempotency_claim",
  (v) => sql`insert into idempotency_keys (scope, key, fingerprint) values (${v("scope")}, ${v("key")}, ${v("fingerprint")})
    on conflict do nothing returning key`,
);
const recordKey = namedStatement<never, "scope" | "key" | "result">(
  "idempotency_answer",
  (v) => sql`update idempotency_keys set result = ${v("result")}::jsonb where scope = ${v("scope")} and key = ${v("key")}`,
);

export type Claimed<T> = { state: "fresh" } | { state: "replay"; result: T } | { state: "conflict" };

/**
 * Claims the key in the caller's transaction. "replay": the same request was answered before (its answer);
 * "conflict": the key was used for another request that succeeded; "fresh": run the operation, then `recordAnswer`.
 */
export async function claimKey<T extends { ok: boolean }>(tx: Tx, claim: IdempotencyClaim, print: string): Promise<Claimed<T>> {
  const inserted = await insertKey(tx, { scope: claim.scope, key: claim.key, fingerprint: print });
  if (inserted.length > 0) return { state: "fresh" };
  const [existing] = await tx
    .select({ fingerprint: idempotencyKeys.fingerprint, result: sql<string | null>`${idempotencyKeys.result}::text` })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)))
    .for("update");
  if (!existing || existing.result === null) return { state: "conflict" };
  const result = fromJson<T>(existing.result);
  if (existing.fingerprint === print) return { state: "replay", result };
  if (result.ok) return { state: "conflict" };
  // The key of a refused request, reused for another one: this one runs.
  await tx
    .update(idempotencyKeys)
    .set({ fingerprint: print, result: null, createdAt: sql`now()` })
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
  return { state: "fresh" };
}

/** Records the answer of a claimed key, in the same transaction as the operation. */
export async function recordAnswer(tx: Tx, claim: IdempotencyClaim, result: unknown): Promise<void> {
  await recordKey(tx, { scope: claim.scope, key: claim.key, result: toJson(result) });
}

/** Housekeeping: keys older than the retention. */
export async function deleteExpiredKeys(db: DbOrTx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_HOURS * 3600_000);
  const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).returning({ key: idempotencyKeys.key });
  return deleted.length;
}
