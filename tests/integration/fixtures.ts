import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { customerAccounts, smsAccounts, users } from "@/db/schema";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import type { Subsidiary } from "@/lib/billing/subsidiaries";

/** A customer of its own for one test: a user and SMS accounts with opening balances (through the ledger). */
export async function makeCustomer(
  db: Db,
  options: { subsidiary?: Subsidiary; balances: string[]; createdAt?: Date },
): Promise<{ customerId: number; userId: number; accounts: Array<{ id: number; serviceName: string }> }> {
  const tag = randomBytes(4).toString("hex");
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .insert(customerAccounts)
      .values({ nicHandle: `t${tag}-ovh`, name: `Test ${tag}`, subsidiary: options.subsidiary ?? "GB" })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ customerAccountId: customer!.id, email: `u-${tag}@test.test`, name: "Test", role: "admin", passwordHash: "x" })
      .returning();
    const accounts = [];
    for (const [i, balance] of options.balances.entries()) {
      const [account] = await tx
        .insert(smsAccounts)
        .values({
          customerAccountId: customer!.id,
          serviceName: `sms-t${tag}-${i + 1}`,
          ...(options.createdAt ? { createdAt: options.createdAt } : {}),
        })
        .returning();
      if (credits(balance) > 0n) {
        await postEntry(tx, { smsAccountId: account!.id, kind: "adjustment", amount: credits(balance), reference: "opening", actor: { type: "system", label: "test" } });
      }
      accounts.push({ id: account!.id, serviceName: account!.serviceName });
    }
    return { customerId: customer!.id, userId: user!.id, accounts };
  });
}
