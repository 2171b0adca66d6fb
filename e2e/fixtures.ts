/**
 * Journeys that stand alone: each one seeds the customer it needs in the e2e server's PostgreSQL database (the test
 * process shares it, E2E_DATABASE_URL) and signs in through a real server-side session, not the login form.
 *
 *   import { expect, test } from "./fixtures";
 *
 *   test("a transfer", async ({ page, seed, signIn }) => {
 *     const c = await seed({ accounts: [{ balance: "412.5" }, { balance: "80" }], methods: ["mandate"] });
 *     await signIn(c.admin);                         // or signIn(c.user("viewer"), otherPage)
 *     await page.goto(`/telecom/sms/${c.sms[0]}`);   // c.sms: the service names, c.nic: the NIC handle
 *   });
 *
 * Names are unique per run (no journey sees another's data), so tests run in parallel workers in any order.
 * A group whose tests share state seeds in `test.beforeAll(async ({ db }) => (c = await seedCustomer(db, …)))`.
 */
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { openDatabase, type Db } from "@/db/client";
import { customerAccounts, paymentMethods, smsAccounts, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { credits } from "@/lib/credits/amounts";
import { env } from "@/lib/env";
import { postEntry } from "@/lib/credits/ledger";
import type { Role } from "@/lib/auth/permissions";
import type { Subsidiary } from "@/lib/billing/subsidiaries";
import { DEMO_PASSWORD } from "./helpers";

export { expect } from "@playwright/test";

type Method =
  | "mandate" // a valid SEPA direct debit mandate
  | "card" // a valid card (Visa •••• 4242)
  | "declined-card" // a valid card the sandbox declines (Visa •••• 0002)
  | { type: "card" | "sepa_direct_debit"; masked: string; ref?: string };

export type CustomerSpec = {
  subsidiary?: Subsidiary;
  name?: string;
  billingAddress?: string;
  vatNumber?: string;
  /** The users, first one is `admin` (default: one administrator). A null locale is the subsidiary's language. */
  users?: Array<{ role: Role; locale?: string | null }>;
  /** SMS accounts, named sms-<nic>-1, -2…; 400 days old unless told. */
  accounts?: Array<{ balance?: string; status?: "enable" | "disable"; ageDays?: number; description?: string; recredit?: { amount: number; threshold: string } }>;
  /** Payment methods, the first one the default. */
  methods?: Method[];
};

export type SeededUser = { id: number; email: string; role: Role };
export type Seeded = {
  id: number;
  /** The NIC handle, such as jr01234-ovh. */
  nic: string;
  /** The SMS accounts' service names, in the order of the spec. */
  sms: string[];
  admin: SeededUser;
  users: SeededUser[];
  user: (role: Role) => SeededUser;
  /** The masked numbers of the payment methods, in the order of the spec. */
  methods: string[];
};

const METHODS = {
  mandate: { type: "sepa_direct_debit", masked: "GB33 •••• •••• •••• •••• 55" },
  card: { type: "card", masked: "Visa •••• 4242" },
  "declined-card": { type: "card", masked: "Visa •••• 0002" },
} as const;

let passwordHash: Promise<string> | undefined;
let sequence = 0;

/** A customer of its own, built from rows and ledger entries as the demo seed builds them. Users' password: DEMO_PASSWORD. */
export async function seedCustomer(db: Db, spec: CustomerSpec = {}): Promise<Seeded> {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const hash = await passwordHash;
  // Unique within the run: the worker (a fresh process gets a fresh index) and a counter. Short, like real handles,
  // so pages at 375 px lay out as they do for real names.
  const tag = `${String(Number(process.env.TEST_WORKER_INDEX ?? 0) % 100).padStart(2, "0")}${String(++sequence).padStart(3, "0")}`;
  const nic = `jr${tag}-ovh`;
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .insert(customerAccounts)
      .values({ nicHandle: nic, name: spec.name ?? `Journey ${tag} Ltd`, subsidiary: spec.subsidiary ?? "GB", billingAddress: spec.billingAddress, vatNumber: spec.vatNumber })
      .returning();
    const seededUsers: SeededUser[] = [];
    for (const [i, u] of (spec.users ?? [{ role: "admin" as const }]).entries()) {
      const email = `${u.role}-${i}-${tag}@journeys.test`;
      const [row] = await tx
        .insert(users)
        .values({ customerAccountId: customer!.id, email, name: `Journey ${u.role}`, role: u.role, passwordHash: hash, locale: u.locale === undefined ? "en" : u.locale })
        .returning();
      seededUsers.push({ id: row!.id, email, role: u.role });
    }
    const sms: string[] = [];
    for (const [i, a] of (spec.accounts ?? []).entries()) {
      const serviceName = `sms-jr${tag}-${i + 1}`;
      const [row] = await tx
        .insert(smsAccounts)
        .values({ customerAccountId: customer!.id, serviceName, description: a.description ?? `Journey ${serviceName}`, createdAt: new Date(Date.now() - (a.ageDays ?? 400) * 86_400_000) })
        .returning();
      if (a.balance && credits(a.balance) > 0n) {
        await postEntry(tx, { smsAccountId: row!.id, kind: "adjustment", amount: credits(a.balance), reference: "Opening balance", actor: { type: "system", label: "e2e seed" } });
      }
      if (a.status === "disable") await tx.update(smsAccounts).set({ status: "disable" }).where(eq(smsAccounts.id, row!.id));
      if (a.recredit) {
        await tx.update(smsAccounts).set({ recreditAmount: a.recredit.amount, recreditThreshold: credits(a.recredit.threshold) }).where(eq(smsAccounts.id, row!.id));
      }
      sms.push(serviceName);
    }
    const masked: string[] = [];
    for (const [i, m] of (spec.methods ?? []).entries()) {
      const method = typeof m === "string" ? METHODS[m] : m;
      // The sandbox reads the outcome from the reference (docs/sandbox.md): "declined" in a card's reference declines it.
      const ref = typeof m === "string" ? `sandbox_${m === "declined-card" ? "card_declined" : method.type}_${tag}_${i}` : (m.ref ?? `sandbox_${m.type}_${tag}_${i}`);
      await tx.insert(paymentMethods).values({
        customerAccountId: customer!.id,
        type: method.type,
        status: "valid",
        maskedNumber: method.masked,
        holder: "Journey",
        providerReference: ref,
        isDefault: i === 0,
        ...(method.type === "sepa_direct_debit" ? { mandateReference: `JR-${tag}-${i}` } : { cardExpiry: "12/30" }),
      });
      masked.push(method.masked);
    }
    return {
      id: customer!.id,
      nic,
      sms,
      admin: seededUsers[0]!,
      users: seededUsers,
      user: (role: Role) => {
        const found = seededUsers.find((u) => u.role === role);
        if (!found) throw new Error(`seedCustomer: no ${role} in this customer's users`);
        return found;
      },
      methods: masked,
    };
  });
}

/** The cookie Auth.js sets over http (lib/auth/session.ts reads it with next-auth's getToken). */
const SESSION_COOKIE = "authjs.session-token";

/**
 * Signs `user` in: a server-side session row made by the login's own function (createSession), and the session
 * cookie Auth.js would set for it (an encrypted JWT holding only the session token), added to the browser context.
 */
export async function signInAs(db: Db, target: Page | BrowserContext, user: SeededUser): Promise<void> {
  const context = "context" in target ? target.context() : target;
  const session = await createSession(db, { userId: user.id, userAgent: "e2e fixture" });
  const maxAge = env().SESSION_MAX_HOURS * 3600;
  const value = await encode({ token: { sid: session.token }, secret: env().AUTH_SECRET, salt: SESSION_COOKIE, maxAge });
  const { baseURL } = base.info().project.use;
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseURL!, httpOnly: true, sameSite: "Lax", expires: Math.floor(session.expiresAt.getTime() / 1000) }]);
}

export const test = base.extend<
  { seed: (spec?: CustomerSpec) => Promise<Seeded>; signIn: (user: SeededUser, target?: Page | BrowserContext) => Promise<void> },
  { db: Db }
>({
  db: [
    async ({}, provide) => {
      const url = process.env.E2E_DATABASE_URL;
      if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it for the e2e server and the tests)");
      const handle = await openDatabase({ url, poolSize: 2 });
      await provide(handle.db);
      await handle.close();
    },
    { scope: "worker" },
  ],
  // A client component whose namespace its route's <ClientMessages> left out shows raw keys ("credits.amount"):
  // next-intl says so in the browser's console, and the journey fails on it.
  context: async ({ context }, provide) => {
    const missing: string[] = [];
    context.on("console", (message) => {
      if (message.type() === "error" && /MISSING_MESSAGE|FORMATTING_ERROR|INVALID_MESSAGE/.test(message.text())) missing.push(message.text());
    });
    await provide(context);
    expect(missing, "messages the browser could not find or format").toEqual([]);
  },
  seed: async ({ db }, provide) => provide((spec) => seedCustomer(db, spec)),
  signIn: async ({ db, context }, provide) => provide((user, target = context) => signInAs(db, target, user)),
});
