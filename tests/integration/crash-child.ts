/**
 * A request that dies: run by crash-recovery.test.ts, which kills it with SIGKILL at the moment named by `stage`.
 * Usage: tsx crash-child.ts <databaseUrl> <stage> <json args>
 *   claimed  — claims an idempotency key in a transaction, then waits (killed before its commit);
 *   charging — places an order (committed with its job), then hangs in the provider's charge;
 *   handoff  — sends SMS (the debit and its job committed), then hangs in the carrier.
 */
import { openDatabase } from "@/db/client";
import { claimKey, fingerprint } from "@/lib/idempotency";
import { buyCredits } from "@/lib/billing/orders";
import { sendSms } from "@/lib/sms/send";

const [url, stage, json] = process.argv.slice(2);
const args = JSON.parse(json ?? "{}") as Record<string, string>;
const forever = () => new Promise<never>(() => setInterval(() => undefined, 60_000));
const ready = () => process.stdout.write("READY\n");

async function main() {
  const handle = await openDatabase({ url: url!, poolSize: 2 });
  const actor = { type: "system" as const, label: "crash-child" };
  if (stage === "claimed") {
    await handle.db.transaction(async (tx) => {
      await claimKey(tx, { scope: args.scope!, key: args.key! }, fingerprint("transfer", JSON.parse(args.print!)));
      ready();
      await forever();
    });
  } else if (stage === "charging") {
    await buyCredits(
      handle.db,
      { customerAccountId: Number(args.customer), subsidiary: "GB", serviceName: args.serviceName!, quantity: args.quantity!, paymentMethodId: Number(args.method), actor },
      { name: "hangs", charge: async () => (ready(), forever()) },
    );
  } else if (stage === "handoff") {
    await sendSms(
      handle.db,
      { customerAccountId: Number(args.customer), serviceName: args.serviceName!, message: "Hello", receivers: args.receivers!.split(","), sender: "Acme", actor },
      { replyShortCode: "38100", submit: async () => (ready(), forever()) },
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
