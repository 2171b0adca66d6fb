import "server-only";
import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import {
  customerAccounts,
  orders,
  paymentMethods,
  recreditAttempts,
  recreditSettingChanges,
  smsAccounts,
  type Order,
  type PaymentMethod,
  type RecreditAttempt,
  type SmsAccount,
} from "@/db/schema";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import { insertPendingOrder } from "../billing/order-records";
import type { ChargeFailure } from "../billing/payments";
import { quoteForSubsidiary } from "../billing/price-tiers";
import { capAllows, capMonth, recreditSpentThisMonth } from "./cap";
import { MAX_CONSECUTIVE_FAILURES, recreditConditions, recreditDue, type RecreditConditions } from "./rules";
import { countRecredit } from "../ops/metrics.mjs";

/**
 * Automatic re-credit. After every debit (inside the debit's transaction, while the account row is locked) and
 * when the settings are saved: if the balance is at or below the threshold and no re-credit is already under way,
 * exactly one re-credit of the chosen amount is decided there — its order written, pending, with the job that will
 * bill it to the customer's valid SEPA mandate at the tier price. The charge itself runs after the commit (the
 * request's fast path, or the job queue): never while the account row is locked. Conditions are checked again at
 * the decision; a failed attempt is recorded with its reason, and the third failure in a row switches the option off.
 */

/** The condition "a valid SEPA direct debit mandate of this customer": what an automatic re-credit is paid with. */
function validMandateOf(customerAccountId: number) {
  return and(
    eq(paymentMethods.customerAccountId, customerAccountId),
    eq(paymentMethods.type, "sepa_direct_debit"),
    eq(paymentMethods.status, "valid"),
  );
}

/** The customer's valid SEPA direct debit mandate (the default one first), or null. */
export async function validMandate(db: DbOrTx, customerAccountId: number): Promise<PaymentMethod | null> {
  const [mandate] = await db
    .select()
    .from(paymentMethods)
    .where(validMandateOf(customerAccountId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id))
    .limit(1);
  return mandate ?? null;
}

/** Whether the customer has a valid SEPA direct debit mandate (what an automatic re-credit is paid with). */
export async function hasValidMandate(db: DbOrTx, customerAccountId: number): Promise<boolean> {
  return (await validMandate(db, customerAccountId)) !== null;
}

/**
 * The SMS accounts whose automatic re-credit is suspended if this payment method goes: when it is the customer's
 * only valid SEPA mandate, every account with a re-credit set (sorted by name); otherwise none. Asked before a
 * revocation, so the confirmation can name them.
 */
export async function recreditsDependingOn(db: DbOrTx, customerAccountId: number, paymentMethodId: number): Promise<SmsAccount[]> {
  const mandates = await db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(validMandateOf(customerAccountId));
  if (mandates.length !== 1 || mandates[0]!.id !== paymentMethodId) return [];
  return db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.customerAccountId, customerAccountId), isNotNull(smsAccounts.recreditAmount)))
    .orderBy(asc(smsAccounts.serviceName));
}

export async function conditionsFor(db: DbOrTx, account: SmsAccount, now = new Date()): Promise<RecreditConditions> {
  const mandate = await validMandate(db, account.customerAccountId);
  return recreditConditions({ createdAt: account.createdAt, now, hasValidMandate: mandate !== null });
}

export type FailureReason =
  | "no_valid_mandate"
  | "account_too_young"
  | "account_disabled"
  | "no_price"
  | "payment_declined"
  | "payment_insufficient_funds"
  | "payment_mandate_revoked"
  | "payment_method_not_valid"
  | "payment_provider_error"
  /** Refused by the account's monthly spending cap (lib/recredit/cap.ts): not a failure, it does not count towards switching off. */
  | "monthly_cap_reached";

export type TriggerResult =
  | { fired: false }
  /** Refused at once (conditions no longer hold): the failed attempt. */
  | { fired: true; attempt: RecreditAttempt; orderId: null }
  /** Decided: a pending order to charge after the commit, and its pending attempt. */
  | { fired: true; attempt: RecreditAttempt; orderId: number };

/** A failure: recorded with its reason; the third in a row switches the option off. */
async function recordFailure(
  tx: Tx,
  account: { id: number; recreditConsecutiveFailures: number },
  input: { amount: number; reason: FailureReason; orderId?: number; attemptId?: bigint; triggerEntryId?: bigint | null },
): Promise<RecreditAttempt> {
  const failures = account.recreditConsecutiveFailures + 1;
  const switchedOff = failures >= MAX_CONSECUTIVE_FAILURES;
  await tx
    .update(smsAccounts)
    .set(switchedOff ? { recreditConsecutiveFailures: 0, recreditAmount: null } : { recreditConsecutiveFailures: failures })
    .where(eq(smsAccounts.id, account.id));
  const values = { status: "failed" as const, reason: input.reason, switchedOff };
  const [attempt] = input.attemptId
    ? await tx.update(recreditAttempts).set(values).where(eq(recreditAttempts.id, input.attemptId)).returning()
    : await tx
        .insert(recreditAttempts)
        .values({ smsAccountId: account.id, amount: input.amount, orderId: input.orderId ?? null, triggerEntryId: input.triggerEntryId ?? null, ...values })
        .returning();
  return attempt!;
}

/**
 * A re-credit the monthly cap refuses: recorded once (a later debit of the same month, the refusal already shown,
 * fires nothing), and not counted as a failure: the option stays on and fires again next month.
 */
async function refuseOverCap(
  tx: Tx,
  smsAccountId: number,
  input: { amount: number; triggerEntryId: bigint | null; now: Date },
): Promise<TriggerResult> {
  const [last] = await tx
    .select()
    .from(recreditAttempts)
    .where(eq(recreditAttempts.smsAccountId, smsAccountId))
    .orderBy(desc(recreditAttempts.id))
    .limit(1);
  if (last?.reason === "monthly_cap_reached" && last.createdAt >= capMonth(input.now).start) return { fired: false };
  const [attempt] = await tx
    .insert(recreditAttempts)
    .values({ smsAccountId, status: "failed", reason: "monthly_cap_reached", amount: input.amount, triggerEntryId: input.triggerEntryId })
    .returning();
  countRecredit("monthly_cap_reached");
  return { fired: true, attempt: attempt!, orderId: null };
}

/** The account's re-credit under way (its order not yet settled), if any. */
export async function pendingRecredit(db: DbOrTx, smsAccountId: number): Promise<Order | null> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.smsAccountId, smsAccountId), eq(orders.kind, "auto_recredit"), eq(orders.status, "pending")))
    .limit(1);
  return order ?? null;
}

/**
 * Decides the re-credit of one account inside the caller's transaction, which holds the account's row lock (a
 * debit's update, or the settings' SELECT … FOR UPDATE): concurrent debits are serialised on that lock, so they see
 * each other's decisions and one debit never fires two; a debit while a re-credit is under way fires none.
 */
export async function decideRecredit(
  tx: Tx,
  smsAccountId: number,
  options: { now?: Date; /** The debit that leads here, if a debit does. */ triggerEntryId?: bigint } = {},
): Promise<TriggerResult> {
  const now = options.now ?? new Date();
  const triggerEntryId = options.triggerEntryId ?? null;
  const [row] = await tx
    .select({ account: smsAccounts, subsidiary: customerAccounts.subsidiary })
    .from(smsAccounts)
    .innerJoin(customerAccounts, eq(customerAccounts.id, smsAccounts.customerAccountId))
    .where(eq(smsAccounts.id, smsAccountId));
  if (!row) return { fired: false };
  const { account, subsidiary } = row;
  const amount = account.recreditAmount;
  if (amount === null || !recreditDue({ amount, threshold: account.recreditThreshold }, account.creditsLeft)) return { fired: false };
  if (await pendingRecredit(tx, account.id)) return { fired: false };

  const fail = async (reason: FailureReason): Promise<TriggerResult> => ({
    fired: true,
    attempt: await recordFailure(tx, account, { amount, reason, triggerEntryId }),
    orderId: null,
  });
  if (account.status !== "enable") return fail("account_disabled");
  const mandate = await validMandate(tx, account.customerAccountId);
  const conditions = recreditConditions({ createdAt: account.createdAt, now, hasValidMandate: mandate !== null });
  if (!conditions.mandate.met || !mandate) return fail("no_valid_mandate");
  if (!conditions.age.met) return fail("account_too_young");
  const quote = await quoteForSubsidiary(tx, subsidiary, amount);
  if (!quote) return fail("no_price");
  if (account.recreditMonthlyCapMinor !== null) {
    const spent = await recreditSpentThisMonth(tx, account.id, now);
    if (!capAllows(account.recreditMonthlyCapMinor, spent, quote.totalMinor)) return refuseOverCap(tx, account.id, { amount, triggerEntryId, now });
  }

  const order = await insertPendingOrder(tx, {
    customerAccountId: account.customerAccountId,
    smsAccountId: account.id,
    kind: "auto_recredit",
    quote,
    paymentMethodId: mandate.id,
  });
  const [attempt] = await tx
    .insert(recreditAttempts)
    .values({ smsAccountId: account.id, status: "pending", amount, orderId: order.id, triggerEntryId })
    .returning();
  await enqueue(tx, QUEUES.settleOrder, { orderId: order.id });
  countRecredit("decided");
  return { fired: true, attempt: attempt!, orderId: order.id };
}

/**
 * The outcome of a re-credit's charge, in the settlement's transaction: its attempt succeeds (the failure count
 * starts again) or fails with the provider's reason.
 */
export async function recordRecreditOutcome(tx: Tx, order: Order, failure: ChargeFailure | null): Promise<RecreditAttempt | null> {
  const [account] = await tx.select().from(smsAccounts).where(eq(smsAccounts.id, order.smsAccountId)).for("update");
  const [attempt] = await tx.select().from(recreditAttempts).where(eq(recreditAttempts.orderId, order.id));
  if (!account || !attempt) return null;
  if (failure === null) {
    await tx.update(smsAccounts).set({ recreditConsecutiveFailures: 0 }).where(eq(smsAccounts.id, account.id));
    const [done] = await tx.update(recreditAttempts).set({ status: "succeeded" }).where(eq(recreditAttempts.id, attempt.id)).returning();
    countRecredit("succeeded");
    return done!;
  }
  countRecredit(`payment_${failure}`);
  return recordFailure(tx, account, { amount: attempt.amount, reason: `payment_${failure}`, attemptId: attempt.id });
}

/** Records who changed the settings, and to what. */
export async function recordSettingChange(tx: Tx, change: typeof recreditSettingChanges.$inferInsert): Promise<void> {
  await tx.insert(recreditSettingChanges).values(change);
}

/** The latest attempts, newest first, each with the invoice number of its order once paid. */
export async function recentAttempts(
  db: DbOrTx,
  smsAccountId: number,
  limit = 5,
): Promise<Array<RecreditAttempt & { invoiceNumber: string | null }>> {
  const rows = await db
    .select({ attempt: recreditAttempts, invoiceNumber: orders.invoiceNumber })
    .from(recreditAttempts)
    .leftJoin(orders, eq(orders.id, recreditAttempts.orderId))
    .where(eq(recreditAttempts.smsAccountId, smsAccountId))
    .orderBy(desc(recreditAttempts.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.attempt, invoiceNumber: r.invoiceNumber }));
}

export async function settingChanges(db: DbOrTx, smsAccountId: number, limit = 5) {
  return db
    .select()
    .from(recreditSettingChanges)
    .where(eq(recreditSettingChanges.smsAccountId, smsAccountId))
    .orderBy(desc(recreditSettingChanges.id))
    .limit(limit);
}

