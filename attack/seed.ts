import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { apiCredentials, customerAccounts, outgoingSms, paymentMethods, smsAccounts, users } from "@/db/schema";
import { seedDemo, seedReferenceData } from "@/db/seed";
import { createApplication, decideCredential, requestCredential } from "@/lib/api/credentials";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";

/**
 * The attack's own data, beside the demo data: two customers ("alpha", the victim whose resources are attacked, and
 * "beta", the other tenant), their users, SMS accounts, payment methods and validated API credentials. Each tenant
 * carries markers (names, descriptions) that must never appear in an answer given to anyone else.
 */
export type ApiKeys = { applicationKey: string; applicationSecret: string; consumerKey: string };
export type Principal = { id: string; tenant: "alpha" | "beta"; role: Role; email: string; userId: number; api: ApiKeys };
export type Tenant = {
  id: number;
  nic: string;
  accounts: string[];
  /** Strings of this tenant that never appear in a request, only in answers given to the tenant. */
  markers: string[];
  paymentMethodIds: { card: number; sepa: number; pendingSepa: number };
  /** A delivered outgoing SMS of the tenant's first account (for GET …/outgoing/{id}). */
  outgoingId: number;
};
export type World = {
  password: string;
  alpha: Tenant;
  beta: Tenant;
  principals: Principal[];
  /** An alpha admin credential usable only from 203.0.113.7. */
  restricted: ApiKeys;
  /** An account only the login race uses (its counter is spent by the race). */
  raceEmail: string;
  /** Secrets that must never be in an answer. */
  secrets: string[];
};

export const ACCOUNT_BALANCE = "1000000";
const ALL_RULES = (["GET", "POST", "PUT", "DELETE"] as const).map((method) => ({ method, path: "/*" }));

export async function seedWorld(url: string, authSecret: string): Promise<World> {
  const handle = await openDatabase({ url, poolSize: 2 });
  try {
    await handle.migrate();
    await seedReferenceData(handle.db);
    await seedDemo(handle.db);
    const db = handle.db;
    const password = `attack-${randomBytes(9).toString("base64url")}`;
    const hash = await hashPassword(password);
    const tag = randomBytes(4).toString("hex");
    const principals: Principal[] = [];
    const secrets: string[] = [authSecret, password, hash];

    async function apiKeys(customerAccountId: number, userId: number, allowedIps: string[] | null = null): Promise<ApiKeys> {
      const { application, secret } = await createApplication(db, { customerAccountId, userId, name: `attack ${userId}`, description: "", authSecret });
      const credential = await requestCredential(db, { application, rules: ALL_RULES, allowedIps });
      const [granter] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
      const decided = await decideCredential(db, { token: credential.validationToken, userId, role: granter!.role, customerAccountId, grant: true, validity: "unlimited" });
      if (!decided.ok) {
        // A viewer cannot grant a key: theirs is one granted while they had a role that could, before being made a
        // viewer — a key always acts with its user's role of the moment, which the matrix checks.
        await db.update(apiCredentials).set({ status: "validated", userId }).where(eq(apiCredentials.id, credential.id));
      }
      secrets.push(secret);
      return { applicationKey: application.applicationKey, applicationSecret: secret, consumerKey: credential.consumerKey };
    }

    async function tenant(name: "alpha" | "beta", nic: string, roles: Role[]): Promise<Tenant> {
      const customerName = `${name} attack customer ${tag}`;
      const [c] = await db.insert(customerAccounts).values({ nicHandle: nic, name: customerName, subsidiary: "GB" }).returning();
      const markers = [customerName, nic];
      const accounts: string[] = [];
      for (let i = 1; i <= 4; i++) {
        const serviceName = `sms-${nic.replace(/-ovh$/, "")}-${i}`;
        const description = `${name}-private-${tag}-${i}`;
        markers.push(description);
        const [a] = await db.insert(smsAccounts).values({ customerAccountId: c!.id, serviceName, description, createdAt: new Date(Date.now() - 400 * 86_400_000) }).returning();
        await db.transaction((tx) => postEntry(tx, { smsAccountId: a!.id, kind: "adjustment", amount: credits(ACCOUNT_BALANCE), reference: "attack opening balance", actor: { type: "system", label: "attack seed" } }));
        accounts.push(serviceName);
      }
      const method = (type: "card" | "sepa_direct_debit", status: "valid" | "pending_validation", ref: string, isDefault: boolean) =>
        db
          .insert(paymentMethods)
          .values({
            customerAccountId: c!.id,
            type,
            status,
            maskedNumber: type === "card" ? `Visa •••• 4242` : `GB33 •••• •••• •••• •••• 55`,
            holder: `${name} holder ${tag}`,
            providerReference: `${ref}_${tag}`,
            isDefault,
            ...(type === "sepa_direct_debit" ? { mandateReference: `ATTACK-${nic}-${ref}` } : { cardExpiry: "12/30" }),
          })
          .returning()
          .then((rows) => rows[0]!.id);
      markers.push(`${name} holder ${tag}`);
      const card = await method("card", "valid", "sandbox_card_ok", true);
      const sepa = await method("sepa_direct_debit", "valid", "sandbox_mandate", false);
      const pendingSepa = await method("sepa_direct_debit", "pending_validation", "sandbox_mandate_pending", false);
      for (const role of roles) {
        const email = `${role}@${name}-${tag}.attack.test`;
        markers.push(email);
        const [u] = await db.insert(users).values({ customerAccountId: c!.id, email, name: `${name} ${role}`, role, passwordHash: hash, locale: "en" }).returning();
        principals.push({ id: `${name}-${role}`, tenant: name, role, email, userId: u!.id, api: await apiKeys(c!.id, u!.id) });
      }
      // One delivered SMS of the first account, as a send leaves it (the debit and the row), for the outgoing reads.
      const [first] = await db.select({ id: smsAccounts.id }).from(smsAccounts).where(eq(smsAccounts.serviceName, accounts[0]!));
      const outgoingId = await db.transaction(async (tx) => {
        const { entryId } = await postEntry(tx, { smsAccountId: first!.id, kind: "sms_consumption", amount: -credits("1"), reference: "1 SMS", actor: { type: "system", label: "attack seed" } });
        const [row] = await tx
          .insert(outgoingSms)
          .values({ smsAccountId: first!.id, receiver: "+447400123456", sender: "Attack", message: `${name} seeded ${tag}`, encoding: "7bit", parts: 1, credits: credits("1"), status: "delivered", ptt: 0, ledgerEntryId: entryId })
          .returning({ id: outgoingSms.id });
        return Number(row!.id);
      });
      return { id: c!.id, nic, accounts, markers, paymentMethodIds: { card, sepa, pendingSepa }, outgoingId };
    }

    const alpha = await tenant("alpha", `at${tag.slice(0, 4)}1-ovh`, ["admin", "billing", "viewer"]);
    const beta = await tenant("beta", `at${tag.slice(0, 4)}2-ovh`, ["admin"]);
    const alphaAdmin = principals.find((p) => p.id === "alpha-admin")!;
    const restricted = await apiKeys(alpha.id, alphaAdmin.userId, ["203.0.113.7"]);
    const raceEmail = `race@alpha-${tag}.attack.test`;
    await db.insert(users).values({ customerAccountId: alpha.id, email: raceEmail, name: "race", role: "viewer", passwordHash: hash, locale: "en" });
    return { password, alpha, beta, principals, restricted, raceEmail, secrets };
  } finally {
    await handle.close();
  }
}
