import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerEntries, outgoingSms } from "@/db/schema";
import type { Credits } from "./amounts";
import { quoteForSubsidiary } from "../billing/price-tiers";
import type { Quote } from "../billing/pricing";
import type { Subsidiary } from "../billing/subsidiaries";

/**
 * The forecast on Home: at the rate of consumption of the last 30 days (the SMS debits, less the credits given back
 * for undelivered messages), how many days the credits last, and — when automatic re-credit is on — the day it is
 * expected to fire and what it will charge. Exact: credits are hundredths, days are whole (floor for "lasts",
 * ceiling for "fires": the day the balance first reaches the threshold).
 */
export const FORECAST_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export type ForecastInput = {
  balance: Credits;
  /** Credits consumed in the window (≥ 0). */
  consumed: Credits;
  windowDays?: number;
  /** The forecast's day (its UTC date is used). */
  today: Date;
  /** Automatic re-credit, when on: its threshold, its amount and the quote of that amount (null: no price). */
  recredit: { threshold: Credits; amount: number; quote: Quote | null } | null;
};

export type Forecast =
  | { consumption: "none" }
  | {
      consumption: "some";
      /** Credits a day, exactly: consumed / window, as hundredths of a credit (rounded down). */
      dailyRate: Credits;
      /** Whole days the balance lasts at that rate. */
      daysLeft: number;
      recredit: null | { due: "now" | "later"; date: Date; amount: number; quote: Quote | null };
    };

function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function forecast(input: ForecastInput): Forecast {
  const window = BigInt(input.windowDays ?? FORECAST_WINDOW_DAYS);
  if (input.consumed <= 0n) return { consumption: "none" };
  const balance = input.balance < 0n ? 0n : input.balance;
  // days = balance / (consumed / window) = balance × window / consumed
  const daysLeft = Number((balance * window) / input.consumed);
  const today = utcDay(input.today);
  let recredit: Extract<Forecast, { consumption: "some" }>["recredit"] = null;
  if (input.recredit) {
    const { threshold, amount, quote } = input.recredit;
    if (balance <= threshold) {
      recredit = { due: "now", date: today, amount, quote };
    } else {
      const gap = (balance - threshold) * window;
      const days = (gap + input.consumed - 1n) / input.consumed; // ceiling
      recredit = { due: "later", date: new Date(today.getTime() + Number(days) * DAY_MS), amount, quote };
    }
  }
  return { consumption: "some", dailyRate: (input.consumed / window), daysLeft, recredit };
}

/** Credits the account consumed since `since`: SMS debits less the refunds of undelivered messages. */
export async function consumedSince(db: DbOrTx, smsAccountId: number, since: Date): Promise<Credits> {
  const [row] = await db
    .select({
      consumed: sql<string>`(-coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.kind} = 'sms_consumption'), 0)
        - coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.kind} = 'adjustment' and ${ledgerEntries.id} in (
            select ${outgoingSms.refundEntryId} from ${outgoingSms} where ${outgoingSms.smsAccountId} = ${smsAccountId} and ${outgoingSms.refundEntryId} is not null
          )), 0)) * 100`,
    })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.smsAccountId, smsAccountId), gte(ledgerEntries.createdAt, since), inArray(ledgerEntries.kind, ["sms_consumption", "adjustment"])));
  const hundredths = BigInt(String(row?.consumed ?? "0").split(".")[0]!);
  return hundredths < 0n ? 0n : hundredths;
}

/** The start of the forecast's window: `days` whole days before now. */
export function windowStart(now: Date, days = FORECAST_WINDOW_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The forecast of an account as Home shows it: its consumption over the window before `now`, and its re-credit
 * (when `recreditOn`: set and payable) priced with the subsidiary's tiers.
 */
export async function accountForecast(
  db: DbOrTx,
  account: { id: number; creditsLeft: Credits; recreditThreshold: Credits; recreditAmount: number | null },
  options: { subsidiary: Subsidiary; recreditOn: boolean; now?: Date },
): Promise<Forecast> {
  const now = options.now ?? new Date();
  const consumed = await consumedSince(db, account.id, windowStart(now));
  const amount = options.recreditOn ? account.recreditAmount : null;
  const quote = amount !== null ? await quoteForSubsidiary(db, options.subsidiary, amount) : null;
  return forecast({
    balance: account.creditsLeft,
    consumed,
    today: now,
    recredit: amount !== null ? { threshold: account.recreditThreshold, amount, quote } : null,
  });
}
