import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { customerAccounts, orders, paymentMethods, smsAccounts } from "@/db/schema";
import { formatMoney, type Currency } from "../billing/money";
import { quoteForSubsidiary } from "../billing/price-tiers";
import type { FailureReason, TriggerResult } from "./trigger";
import { recreditSpentThisMonth } from "./cap";

/**
 * What an action tells the user about the automatic re-credit it fired (a send, a transfer, saving the settings):
 * the credits added, the amount charged (from the order) and the method, with the invoice's id; or why it failed.
 * One place builds it from the trigger's result, and one place words it (`recreditSentence`), for all three actions.
 */
export type RecreditOutcome =
  | { status: "succeeded" | "pending"; credits: number; totalMinor: bigint; currency: Currency; method: string; orderId: number }
  | { status: "failed"; credits: number; reason: FailureReason; orderId: number | null }
  /** Refused by the monthly spending cap: what it would have charged, and the month's use of the cap. */
  | { status: "capped"; credits: number; totalMinor: bigint; spentMinor: bigint; capMinor: bigint; currency: Currency; orderId: null };

export async function recreditOutcome(db: DbOrTx, trigger: TriggerResult): Promise<RecreditOutcome | null> {
  if (!trigger.fired) return null;
  const { attempt } = trigger;
  if (attempt.reason === "monthly_cap_reached") {
    const cap = await capUse(db, attempt.smsAccountId, attempt.amount, attempt.createdAt);
    if (cap) return { status: "capped", credits: attempt.amount, ...cap, orderId: null };
  }
  if (attempt.status === "failed" || trigger.orderId === null) {
    return { status: "failed", credits: attempt.amount, reason: (attempt.reason ?? "payment_provider_error") as FailureReason, orderId: trigger.orderId };
  }
  const [row] = await db
    .select({ order: orders, method: paymentMethods.maskedNumber })
    .from(orders)
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(eq(orders.id, trigger.orderId));
  if (!row) return null;
  return {
    status: attempt.status === "succeeded" ? "succeeded" : "pending",
    credits: row.order.quantity,
    totalMinor: row.order.totalMinor,
    currency: row.order.currency,
    method: row.method ?? "",
    orderId: row.order.id,
  };
}

/** For a refusal by the cap: the charge it would have made, the month's spending and the cap, in the customer's currency. */
async function capUse(db: DbOrTx, smsAccountId: number, amount: number, at: Date) {
  const [row] = await db
    .select({ cap: smsAccounts.recreditMonthlyCapMinor, subsidiary: customerAccounts.subsidiary })
    .from(smsAccounts)
    .innerJoin(customerAccounts, eq(customerAccounts.id, smsAccounts.customerAccountId))
    .where(eq(smsAccounts.id, smsAccountId));
  if (!row || row.cap === null) return null;
  const quote = await quoteForSubsidiary(db, row.subsidiary, amount);
  if (!quote) return null;
  return { totalMinor: quote.totalMinor, spentMinor: await recreditSpentThisMonth(db, smsAccountId, at), capMinor: row.cap, currency: quote.currency };
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The sentence of a re-credit outcome in the user's language, e.g. "Automatic re-credit: 500 credits added, £34.80 charged to GB33 •••• 55." */
export function recreditSentence(t: Translate, locale: string, outcome: RecreditOutcome): string {
  if (outcome.status === "capped") {
    return t("recreditOutcome.capReached", {
      credits: outcome.credits,
      total: formatMoney(outcome.totalMinor, outcome.currency, locale),
      spent: formatMoney(outcome.spentMinor, outcome.currency, locale),
      cap: formatMoney(outcome.capMinor, outcome.currency, locale),
    });
  }
  if (outcome.status === "failed") {
    return t("recreditOutcome.failed", { credits: outcome.credits, reason: t(`recredit.reason.${outcome.reason}`) });
  }
  return t(`recreditOutcome.${outcome.status}`, {
    credits: outcome.credits,
    total: formatMoney(outcome.totalMinor, outcome.currency, locale),
    method: outcome.method,
  });
}

/**
 * What a server action adds to its confirmation: the sentence (appended to its message) and, when an order was
 * charged or is being charged, its id in `result.recreditOrderId` (the form links to /billing/orders/{id}).
 */
export async function withRecredit(
  db: DbOrTx,
  trigger: TriggerResult,
  t: Translate,
  locale: string,
  state: { message: string; result?: Record<string, string> },
): Promise<{ message: string; result: Record<string, string> }> {
  const outcome = await recreditOutcome(db, trigger);
  if (!outcome) return { message: state.message, result: state.result ?? {} };
  return {
    message: `${state.message} ${recreditSentence(t, locale, outcome)}`,
    result: {
      ...state.result,
      recreditStatus: outcome.status,
      ...(outcome.status === "succeeded" || outcome.status === "pending" ? { recreditOrderId: String(outcome.orderId) } : {}),
    },
  };
}
