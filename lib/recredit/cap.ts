import "server-only";
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders } from "@/db/schema";
import { MINOR_DECIMALS } from "../billing/money";

/**
 * The monthly spending cap on automatic re-credits of an SMS account: an optional amount in the customer's currency
 * (exact minor units). A re-credit is refused when what its account's re-credits have been charged this month (UTC
 * calendar month; orders pending or paid, VAT included) plus its own total would exceed the cap. Checked where the
 * re-credit is decided (lib/recredit/trigger.ts decideRecredit), under the account's row lock, so two re-credits racing are
 * decided one after the other and the second sees the first's order: together they never exceed the cap.
 */

/** The largest cap accepted: 10 million in the currency. */
export const MAX_CAP_MINOR = 10n ** 7n * 10n ** BigInt(MINOR_DECIMALS);

export type CapParse = { ok: true; capMinor: bigint | null } | { ok: false; code: "cap_invalid" | "cap_too_precise" | "cap_not_positive" | "cap_too_large" };

/** "150", "150.5", "150.50" → minor units; "" → no cap. Refuses more than 2 decimals, 0, negatives, separators. */
export function parseMonthlyCap(raw: string | null | undefined): CapParse {
  const text = (raw ?? "").trim();
  if (text === "") return { ok: true, capMinor: null };
  const m = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text);
  if (!m) return { ok: false, code: text.startsWith("-") ? "cap_not_positive" : "cap_invalid" };
  const fraction = m[2] ?? "";
  if (fraction.replace(/0+$/, "").length > MINOR_DECIMALS) return { ok: false, code: "cap_too_precise" };
  const minor = BigInt(m[1]!) * 10n ** BigInt(MINOR_DECIMALS) + BigInt(fraction.slice(0, MINOR_DECIMALS).padEnd(MINOR_DECIMALS, "0"));
  if (minor <= 0n) return { ok: false, code: "cap_not_positive" };
  if (minor > MAX_CAP_MINOR) return { ok: false, code: "cap_too_large" };
  return { ok: true, capMinor: minor };
}

/** The UTC calendar month holding `now`: [start, end). */
export function capMonth(now: Date): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** The rule: may a re-credit charging `chargeMinor` go ahead, with `spentMinor` already charged this month? */
export function capAllows(capMinor: bigint | null, spentMinor: bigint, chargeMinor: bigint): boolean {
  return capMinor === null || spentMinor + chargeMinor <= capMinor;
}

/** What the account's automatic re-credits have been charged in the month of `now` (pending or paid orders). */
export async function recreditSpentThisMonth(db: DbOrTx, smsAccountId: number, now: Date = new Date()): Promise<bigint> {
  const { start, end } = capMonth(now);
  const [row] = await db
    .select({ spent: sql<string>`coalesce(sum(${orders.totalMinor}), 0)::text` })
    .from(orders)
    .where(
      and(
        eq(orders.smsAccountId, smsAccountId),
        eq(orders.kind, "auto_recredit"),
        inArray(orders.status, ["pending", "paid"]),
        gte(orders.createdAt, start),
        lt(orders.createdAt, end),
      ),
    );
  return BigInt(row?.spent ?? "0");
}
