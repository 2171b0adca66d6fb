/**
 * Data of the journeys, created before the e2e server starts (PGlite is one process at a time): the demo data, plus
 * customers of their own for the journeys that change balances, so no journey depends on another's changes.
 */
import { eq } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/client";
import { customerAccounts, paymentMethods, smsAccounts, users } from "@/db/schema";
import { seedDemo, seedReferenceData } from "@/db/seed";
import { hashPassword } from "@/lib/auth/password";
import { credits } from "@/lib/credits";
import { postEntry } from "@/lib/ledger";
import { buyCredits } from "@/lib/orders";
import { openingBalanceReference } from "@/lib/ledger-references";

async function customer(
  db: Db,
  nic: string,
  email: string,
  passwordHash: string,
  accounts: Array<{ name: string; balance: string; status?: "enable" | "disable"; recredit?: { amount: number; threshold: string } }>,
  methods: Array<{ type: "card" | "sepa_direct_debit"; masked: string; ref: string; isDefault?: boolean }>,
) {
  await db.transaction(async (tx) => {
    const [c] = await tx.insert(customerAccounts).values({ nicHandle: nic, name: `E2E ${nic}`, subsidiary: "GB" }).returning();
    await tx.insert(users).values({ customerAccountId: c!.id, email, name: "E2E Admin", role: "admin", passwordHash, locale: "en" });
    for (const a of accounts) {
      const [row] = await tx
        .insert(smsAccounts)
        .values({ customerAccountId: c!.id, serviceName: a.name, description: `E2E ${a.name}`, createdAt: new Date(Date.now() - 400 * 86_400_000) })
        .returning();
      if (credits(a.balance) > 0n) {
        await postEntry(tx, { smsAccountId: row!.id, kind: "adjustment", amount: credits(a.balance), coded: openingBalanceReference(), actor: { type: "system", label: "e2e seed" } });
      }
      if (a.status === "disable") await tx.update(smsAccounts).set({ status: "disable" }).where(eq(smsAccounts.id, row!.id));
      if (a.recredit) {
        await tx
          .update(smsAccounts)
          .set({ recreditAmount: a.recredit.amount, recreditThreshold: credits(a.recredit.threshold) })
          .where(eq(smsAccounts.id, row!.id));
      }
    }
    for (const m of methods) {
      await tx.insert(paymentMethods).values({
        customerAccountId: c!.id,
        type: m.type,
        status: "valid",
        maskedNumber: m.masked,
        holder: "E2E",
        providerReference: m.ref,
        isDefault: m.isDefault ?? false,
        ...(m.type === "sepa_direct_debit" ? { mandateReference: `E2E-${nic}` } : { cardExpiry: "12/30" }),
      });
    }
  });
}

async function main() {
  const dir = process.env.PGLITE_DIR;
  if (!dir) throw new Error("PGLITE_DIR is required");
  const handle = await openDatabase({ dir });
  await handle.migrate();
  await seedReferenceData(handle.db);
  await seedDemo(handle.db);
  const hash = await hashPassword("demo-password");
  await customer(handle.db, "ef10001-ovh", "transfers@e2e.test", hash, [
    { name: "sms-ef10001-1", balance: "412.5" },
    { name: "sms-ef10001-2", balance: "80" },
    { name: "sms-ef10001-3", balance: "10", status: "disable" },
  ], [{ type: "sepa_direct_debit", masked: "GB33 •••• •••• •••• 5432 10", ref: "sandbox_mandate_e2e", isDefault: true }]);
  await customer(handle.db, "ef10002-ovh", "buyer@e2e.test", hash, [{ name: "sms-ef10002-1", balance: "0" }], [
    { type: "card", masked: "Visa •••• 4242", ref: "sandbox_card_ok_e2e", isDefault: true },
    { type: "card", masked: "Visa •••• 0002", ref: "sandbox_card_declined_e2e" },
  ]);
  await customer(handle.db, "ef10003-ovh", "recredit@e2e.test", hash, [{ name: "sms-ef10003-1", balance: "412.5" }], [
    { type: "sepa_direct_debit", masked: "GB33 •••• •••• •••• •••• 55", ref: "sandbox_mandate_recredit_e2e", isDefault: true },
  ]);
  await customer(handle.db, "ef10004-ovh", "api@e2e.test", hash, [
    { name: "sms-ef10004-1", balance: "500" },
    { name: "sms-ef10004-2", balance: "0" },
  ], [{ type: "sepa_direct_debit", masked: "GB33 •••• •••• •••• •••• 55", ref: "sandbox_mandate_api_e2e", isDefault: true }]);
  await customer(handle.db, "ef10005-ovh", "client@e2e.test", hash, [
    { name: "sms-ef10005-1", balance: "500" },
    { name: "sms-ef10005-2", balance: "0" },
  ], [{ type: "sepa_direct_debit", masked: "GB33 •••• •••• •••• •••• 55", ref: "sandbox_mandate_client_e2e", isDefault: true }]);
  // Money journeys (e2e/money.spec.ts): revoking the only mandate under active re-credits; a declined card then
  // paying again; an SMS that fires a re-credit and says so.
  await customer(handle.db, "mo30001-ovh", "revoke@e2e.test", hash, [
    { name: "sms-mo30001-1", balance: "300", recredit: { amount: 500, threshold: "100" } },
    { name: "sms-mo30001-2", balance: "50", recredit: { amount: 200, threshold: "10" } },
    { name: "sms-mo30001-3", balance: "20" },
  ], [
    { type: "sepa_direct_debit", masked: "IE29 •••• •••• •••• •••• 78", ref: "sandbox_mandate_revoke_e2e", isDefault: true },
    { type: "card", masked: "Visa •••• 4242", ref: "sandbox_card_revoke_e2e" },
  ]);
  await customer(handle.db, "mo30002-ovh", "declined@e2e.test", hash, [{ name: "sms-mo30002-1", balance: "0" }], [
    { type: "card", masked: "Visa •••• 4242", ref: "sandbox_card_ok_mo30002", isDefault: true },
    { type: "card", masked: "Visa •••• 0002", ref: "sandbox_card_declined_mo30002" },
  ]);
  await customer(handle.db, "mo30003-ovh", "fired@e2e.test", hash, [
    { name: "sms-mo30003-1", balance: "412.5", recredit: { amount: 500, threshold: "412" } },
    { name: "sms-mo30003-2", balance: "100" },
  ], [{ type: "sepa_direct_debit", masked: "IE29 •••• •••• •••• •••• 78", ref: "sandbox_mandate_fired_e2e", isDefault: true }]);
  // Sessions, password change and two-step login journeys (e2e/auth-sessions.spec.ts): users of their own, so
  // logging them out everywhere never ends the shared demo sessions of the setup project.
  for (const [nic, email] of [
    ["au20001-ovh", "auth-logout@e2e.test"],
    ["au20002-ovh", "auth-everywhere@e2e.test"],
    ["au20003-ovh", "auth-password@e2e.test"],
    ["au20004-ovh", "auth-totp@e2e.test"],
  ] as const) {
    await customer(handle.db, nic, email, hash, [], []);
  }
  await customer(handle.db, "ef10090-ovh", "input@e2e.test", hash, [
    { name: "sms-ef10090-1", balance: "100" },
    { name: "sms-ef10090-2", balance: "0" },
  ], [
    { type: "card", masked: "Visa •••• 4242", ref: "sandbox_card_ok_input_e2e", isDefault: true },
    { type: "card", masked: "Visa •••• 1111", ref: "sandbox_card_ok_input2_e2e" },
  ]);
  // Invoices journey (e2e/invoices.spec.ts): a customer with an address and a VAT number, and one paid purchase,
  // bought through the real path (sandbox provider, settlement, invoice numbering).
  await customer(handle.db, "ef10009-ovh", "invoice@e2e.test", hash, [{ name: "sms-ef10009-1", balance: "0" }], [
    { type: "card", masked: "Visa •••• 4242", ref: "sandbox_card_ok_invoice_e2e", isDefault: true },
  ]);
  const [invoiced] = await handle.db
    .update(customerAccounts)
    .set({ name: "Invoice Test Ltd", billingAddress: "5 Ledger Lane\nBristol BS1 4DJ\nUnited Kingdom", vatNumber: "GB246813579" })
    .where(eq(customerAccounts.nicHandle, "ef10009-ovh"))
    .returning();
  const bought = await buyCredits(handle.db, {
    customerAccountId: invoiced!.id,
    subsidiary: "GB",
    serviceName: "sms-ef10009-1",
    quantity: 500,
    actor: { type: "system", label: "e2e seed" },
  });
  if (!bought.ok) throw new Error(`e2e seed: the invoice journey's purchase was refused (${bought.code})`);
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
