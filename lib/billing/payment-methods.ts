import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import type { Db, DbOrTx } from "@/db/client";
import { paymentMethods, type PaymentMethod } from "@/db/schema";
import { refusalTable } from "../refusals";
import { registerCard, registerMandate, sandboxValidationOutcome } from "./payments/sandbox-register";

/**
 * Payment methods of a customer account: SEPA direct debit mandates and payment cards, registered through the
 * payment provider (the sandbox here). Only masked numbers are stored. Mandates start pending validation, as a
 * real provider's do; the sandbox validates on request (its test mode).
 */
export type MethodRefusal =
  | { code: "holder_required" }
  | { code: "iban_invalid" }
  | { code: "bic_invalid" }
  | { code: "mandate_not_accepted" }
  | { code: "card_number_invalid" }
  | { code: "card_expiry_invalid" }
  | { code: "card_expired" }
  | { code: "not_found" }
  | { code: "not_pending" }
  | { code: "not_usable" };

export const METHOD_REFUSALS = refusalTable<MethodRefusal>("paymentMethods", {
  holder_required: { field: "holder" },
  iban_invalid: { field: "iban" },
  bic_invalid: { field: "bic" },
  mandate_not_accepted: { field: "acceptMandate" },
  card_number_invalid: { field: "number" },
  card_expiry_invalid: { field: "expiry" },
  card_expired: { field: "expiry" },
  not_found: {},
  not_pending: {},
  not_usable: {},
});

export type MethodResult = { ok: true; method: PaymentMethod } | ({ ok: false } & MethodRefusal);

export function maskIban(iban: string): string {
  const friendly = friendlyFormatIBAN(iban) ?? iban;
  const groups = friendly.split(" ");
  return groups.map((g, i) => (i === 0 || i >= groups.length - 1 ? g : "••••")).join(" ");
}

/** A masked number short enough for a select on a phone: the IBAN's hidden groups become one ("IE29 •••• 78"). */
export function compactMask(masked: string): string {
  return masked.replace(/(?:•••• ){2,}/, "•••• ");
}

/** Luhn checksum of a card number (digits only). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 12 && digits.length <= 19 && sum % 10 === 0;
}

function cardBrand(digits: string): string {
  if (digits.startsWith("4")) return "Visa";
  if (/^(5[1-5]|2[2-7])/.test(digits)) return "Mastercard";
  if (/^3[47]/.test(digits)) return "American Express";
  return "Card";
}

async function isFirst(db: DbOrTx, customerAccountId: number): Promise<boolean> {
  const existing = await db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerAccountId, customerAccountId), eq(paymentMethods.isDefault, true)))
    .limit(1);
  return existing.length === 0;
}

export async function addSepaMandate(
  db: Db,
  input: { customerAccountId: number; holder: string; iban: string; bic: string; acceptMandate: boolean },
): Promise<MethodResult> {
  const holder = input.holder.trim();
  if (!holder) return { ok: false, code: "holder_required" };
  const iban = electronicFormatIBAN(input.iban) ?? "";
  if (!isValidIBAN(iban)) return { ok: false, code: "iban_invalid" };
  const bic = input.bic.replace(/\s+/g, "").toUpperCase();
  if (!isValidBIC(bic)) return { ok: false, code: "bic_invalid" };
  if (!input.acceptMandate) return { ok: false, code: "mandate_not_accepted" };
  const registration = registerMandate(iban);
  const [method] = await db
    .insert(paymentMethods)
    .values({
      customerAccountId: input.customerAccountId,
      type: "sepa_direct_debit",
      status: registration.status,
      maskedNumber: maskIban(iban),
      holder,
      bic,
      mandateReference: `RUM-${randomBytes(5).toString("hex").toUpperCase()}`,
      providerReference: registration.providerReference,
      isDefault: await isFirst(db, input.customerAccountId),
    })
    .returning();
  return { ok: true, method: method! };
}

export async function addCard(
  db: Db,
  input: { customerAccountId: number; holder: string; number: string; expiry: string; now?: Date },
): Promise<MethodResult> {
  const holder = input.holder.trim();
  if (!holder) return { ok: false, code: "holder_required" };
  const digits = input.number.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(digits) || !luhnValid(digits)) return { ok: false, code: "card_number_invalid" };
  const m = /^(\d{2})\s*\/\s*(\d{2})$/.exec(input.expiry.trim());
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) return { ok: false, code: "card_expiry_invalid" };
  const now = input.now ?? new Date();
  const endOfMonth = new Date(Date.UTC(2000 + Number(m[2]), Number(m[1]), 1));
  if (endOfMonth <= now) return { ok: false, code: "card_expired" };
  const registration = registerCard(digits);
  const [method] = await db
    .insert(paymentMethods)
    .values({
      customerAccountId: input.customerAccountId,
      type: "card",
      status: registration.status,
      maskedNumber: `${cardBrand(digits)} •••• ${digits.slice(-4)}`,
      holder,
      cardExpiry: `${m[1]}/${m[2]}`,
      providerReference: registration.providerReference,
      isDefault: await isFirst(db, input.customerAccountId),
    })
    .returning();
  return { ok: true, method: method! };
}

async function findMethod(db: DbOrTx, customerAccountId: number, id: number) {
  const [method] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerAccountId, customerAccountId), eq(paymentMethods.id, id)));
  return method ?? null;
}

/** The sandbox's test mode: validates a pending mandate (a real provider does this after the bank confirms). */
export async function validatePendingMandate(db: Db, customerAccountId: number, id: number): Promise<MethodResult> {
  const method = await findMethod(db, customerAccountId, id);
  if (!method) return { ok: false, code: "not_found" };
  if (method.status !== "pending_validation") return { ok: false, code: "not_pending" };
  const status = sandboxValidationOutcome(method.providerReference);
  const [updated] = await db.update(paymentMethods).set({ status }).where(eq(paymentMethods.id, id)).returning();
  return { ok: true, method: updated! };
}

export async function revokeMethod(db: Db, customerAccountId: number, id: number): Promise<MethodResult> {
  const method = await findMethod(db, customerAccountId, id);
  if (!method) return { ok: false, code: "not_found" };
  const [updated] = await db
    .update(paymentMethods)
    .set({ status: method.type === "card" ? "canceled" : "revoked", isDefault: false })
    .where(eq(paymentMethods.id, id))
    .returning();
  return { ok: true, method: updated! };
}

export async function setDefaultMethod(db: Db, customerAccountId: number, id: number): Promise<MethodResult> {
  return db.transaction(async (tx) => {
    const method = await findMethod(tx, customerAccountId, id);
    if (!method) return { ok: false as const, code: "not_found" as const };
    if (method.status !== "valid") return { ok: false as const, code: "not_usable" as const };
    await tx
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.customerAccountId, customerAccountId), ne(paymentMethods.id, id)));
    const [updated] = await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, id)).returning();
    return { ok: true as const, method: updated! };
  });
}

export async function listMethods(db: DbOrTx, customerAccountId: number): Promise<PaymentMethod[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.customerAccountId, customerAccountId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id));
}
