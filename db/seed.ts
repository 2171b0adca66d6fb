import "server-only";
import { UTCDate } from "@date-fns/utc";
import { subDays, subMonths, subWeeks } from "date-fns";
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { creditPaidOrder, insertPendingOrder } from "@/lib/billing/order-records";
import { quoteForSubsidiary } from "@/lib/billing/price-tiers";
import { credits } from "@/lib/credits/amounts";
import { postEntry, type Actor } from "@/lib/credits/ledger";
import type { Db } from "./client";
import { customerAccounts, destinationRates, orders, outgoingSms, paymentMethods, priceTiers, sellers, smsAccounts, transfers, users } from "./schema";
import { DESTINATION_RATES, PRICE_TIERS, SELLERS, SPRING_CAMPAIGN } from "./seed-data";
import { measureMessage } from "@/lib/sms/encoding";
import { openingBalanceReference, smsReference } from "@/lib/credits/ledger-references";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_LOGINS = [
  { email: "admin@demo.test", role: "admin", customer: "ab12345-ovh" },
  { email: "billing@demo.test", role: "billing", customer: "ab12345-ovh" },
  { email: "viewer@demo.test", role: "viewer", customer: "ab12345-ovh" },
  { email: "fr-admin@demo.test", role: "admin", customer: "cd67890-ovh" },
] as const;

/** Prices and destination rates for the six subsidiaries. Idempotent: existing rows are updated to the seed values. */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(priceTiers)
      .values(PRICE_TIERS)
      .onConflictDoUpdate({
        target: [priceTiers.subsidiary, priceTiers.minQuantity],
        set: {
          maxQuantity: sql`excluded.max_quantity`,
          unitPrice: sql`excluded.unit_price`,
          currency: sql`excluded.currency`,
        },
      });
    await tx
      .insert(destinationRates)
      .values(DESTINATION_RATES.map((r) => ({ ...r, credits: credits(r.credits) })))
      .onConflictDoUpdate({
        target: [destinationRates.subsidiary, destinationRates.countryCode],
        set: { credits: sql`excluded.credits` },
      });
    await tx
      .insert(sellers)
      .values(SELLERS)
      .onConflictDoUpdate({
        target: sellers.subsidiary,
        set: {
          legalName: sql`excluded.legal_name`,
          address: sql`excluded.address`,
          vatNumber: sql`excluded.vat_number`,
          registration: sql`excluded.registration`,
          invoicePrefix: sql`excluded.invoice_prefix`,
        },
      });
  });
}

/**
 * The demo customers of the README. Ages are relative to `now`, so the 2-month rule keeps its meaning whatever the
 * day of seeding. Balances are built from ledger entries, like every balance. Does nothing if they exist.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  const existing = await db
    .select({ id: customerAccounts.id })
    .from(customerAccounts)
    .where(eq(customerAccounts.nicHandle, "ab12345-ovh"));
  if (existing.length > 0) return false;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const utcNow = new UTCDate(now.getTime());
  const ago = (d: Date) => new Date(d.getTime());
  const system: Actor = { type: "system", label: "demo seed" };

  await db.transaction(async (tx) => {
    const [uk] = await tx
      .insert(customerAccounts)
      .values({ nicHandle: "ab12345-ovh", name: "Acme Messaging Ltd", subsidiary: "GB", billingAddress: "221 Market Road\nManchester M1 2AB\nUnited Kingdom", vatNumber: "GB987654321", createdAt: ago(subMonths(utcNow, 20)) })
      .returning();
    const [fr] = await tx
      .insert(customerAccounts)
      .values({ nicHandle: "cd67890-ovh", name: "Boulangerie Numérique SAS", subsidiary: "FR", billingAddress: "14 avenue du Pain\n69002 Lyon\nFrance", vatNumber: "FR98765432109", createdAt: ago(subMonths(utcNow, 18)) })
      .returning();

    const [, billing] = await tx.insert(users).values([
      { customerAccountId: uk!.id, email: "admin@demo.test", name: "Alice Admin", role: "admin", passwordHash },
      { customerAccountId: uk!.id, email: "billing@demo.test", name: "Bob Billing", role: "billing", passwordHash },
      { customerAccountId: uk!.id, email: "viewer@demo.test", name: "Vera Viewer", role: "viewer", passwordHash },
      { customerAccountId: fr!.id, email: "fr-admin@demo.test", name: "Fanny Admin", role: "admin", passwordHash },
    ]).returning();

    const [sms1, sms2, sms3, smsFr] = await tx
      .insert(smsAccounts)
      .values([
        { customerAccountId: uk!.id, serviceName: "sms-ab12345-1", description: "Marketing campaigns", createdAt: ago(subMonths(utcNow, 14)) },
        { customerAccountId: uk!.id, serviceName: "sms-ab12345-2", description: "Order notifications", createdAt: ago(subMonths(utcNow, 6)) },
        { customerAccountId: uk!.id, serviceName: "sms-ab12345-3", description: "Two-factor codes", createdAt: ago(subWeeks(utcNow, 3)) },
        { customerAccountId: fr!.id, serviceName: "sms-cd67890-1", description: "Rappels de rendez-vous", createdAt: ago(subMonths(utcNow, 12)) },
      ])
      .returning();

    const [mandate] = await tx.insert(paymentMethods).values([
      {
        customerAccountId: uk!.id,
        type: "sepa_direct_debit",
        status: "valid",
        // SEPA debits euro accounts only: the UK customer's mandate is on its euro account in Ireland (IE IBAN).
        maskedNumber: "IE29 •••• •••• •••• •••• 78",
        holder: "Acme Messaging Ltd",
        mandateReference: "DEMO-MANDATE-0001",
        bic: "AIBKIE2D",
        providerReference: "sandbox_mandate_demo_1",
        isDefault: true,
        createdAt: ago(subMonths(utcNow, 16)),
      },
      {
        customerAccountId: fr!.id,
        type: "card",
        status: "valid",
        maskedNumber: "Visa •••• 4242",
        holder: "Fanny Admin",
        cardExpiry: "12/29",
        providerReference: "sandbox_card_demo_1",
        isDefault: true,
        createdAt: ago(subMonths(utcNow, 12)),
      },
    ]).returning();

    // History that ends on the README's balances: 412.5, 80, 0 and 1000. Each opening balance is dated at its
    // account's creation, the 100 credits bought two months ago were paid by the mandate and have their invoice,
    // and the "Spring campaign" debit has its outgoing messages, so Send SMS lists them.
    await postEntry(tx, { smsAccountId: sms1!.id, kind: "adjustment", amount: credits("400"), coded: openingBalanceReference(), actor: system, at: sms1!.createdAt });
    const quote = await quoteForSubsidiary(tx, "GB", 100);
    if (!quote) throw new Error("The demo needs the GB price tiers (seedReferenceData first)");
    const boughtAt = ago(subMonths(utcNow, 2));
    const pending = await insertPendingOrder(tx, { customerAccountId: uk!.id, smsAccountId: sms1!.id, kind: "purchase", quote, paymentMethodId: mandate!.id });
    await tx.update(orders).set({ createdAt: boughtAt }).where(eq(orders.id, pending.id));
    await creditPaidOrder(tx, pending.id, { type: "user", userId: billing!.id, label: "billing@demo.test" }, boughtAt);
    await postEntry(tx, { smsAccountId: sms2!.id, kind: "adjustment", amount: credits("55"), coded: openingBalanceReference(), actor: system, at: sms2!.createdAt });
    const springAt = ago(subDays(utcNow, 21));
    const spring = await postEntry(tx, {
      smsAccountId: sms1!.id,
      kind: "sms_consumption",
      amount: -SPRING_CAMPAIGN.recipients.reduce((sum, r) => sum + credits(r.credits), 0n),
      coded: smsReference(SPRING_CAMPAIGN.recipients.length),
      reference: "Spring campaign",
      actor: system,
      at: springAt,
    });
    const measure = measureMessage(SPRING_CAMPAIGN.message);
    await tx.insert(outgoingSms).values(
      SPRING_CAMPAIGN.recipients.map((r) => ({
        smsAccountId: sms1!.id,
        receiver: r.receiver,
        sender: SPRING_CAMPAIGN.sender,
        message: SPRING_CAMPAIGN.message,
        encoding: measure.encoding,
        parts: measure.parts,
        credits: credits(r.credits),
        status: "delivered" as const,
        ptt: 0,
        tag: "Spring campaign",
        ledgerEntryId: spring.entryId,
        createdAt: springAt,
        deliveredAt: new Date(springAt.getTime() + 5_000),
      })),
    );
    const [transfer] = await tx
      .insert(transfers)
      .values({
        customerAccountId: uk!.id,
        sourceSmsAccountId: sms1!.id,
        targetSmsAccountId: sms2!.id,
        amount: credits("25"),
        reference: "Top-up for notifications",
        actorType: "system",
        createdAt: ago(subDays(utcNow, 9)),
      })
      .returning();
    await postEntry(tx, { smsAccountId: sms1!.id, kind: "transfer_out", amount: credits("-25"), reference: "Top-up for notifications", actor: system, transferId: transfer!.id, at: transfer!.createdAt });
    await postEntry(tx, { smsAccountId: sms2!.id, kind: "transfer_in", amount: credits("25"), reference: "Top-up for notifications", actor: system, transferId: transfer!.id, at: transfer!.createdAt });
    await postEntry(tx, { smsAccountId: smsFr!.id, kind: "adjustment", amount: credits("1000"), coded: openingBalanceReference(), actor: system, at: smsFr!.createdAt });
    void sms3;
  });
  return true;
}
