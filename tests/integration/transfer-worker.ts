/**
 * A separate process for the concurrency test: runs random transfers in both directions among the given SMS
 * accounts on a PostgreSQL server, `concurrency` at a time, some of them retried with the same idempotency key.
 * Prints one JSON line: what it did.
 */
import { randomBytes, randomInt } from "node:crypto";
import { openDatabase } from "@/db/client";
import { creditsToString } from "@/lib/credits/amounts";
import { transferCredits } from "@/lib/credits/transfers";

async function main() {
  const [url, customerId, names, count, concurrency] = process.argv.slice(2);
  const accounts = names!.split(",");
  const handle = await openDatabase({ url: url!, poolSize: Number(concurrency) });
  let applied = 0;
  let replayed = 0;
  let refused = 0;
  let moved = 0n;
  let next = 0;
  const keys: string[] = [];
  await Promise.all(
    Array.from({ length: Number(concurrency) }, async () => {
      while (next < Number(count)) {
        next++;
        const source = accounts[randomInt(accounts.length)]!;
        let target = accounts[randomInt(accounts.length)]!;
        if (target === source) target = accounts[(accounts.indexOf(source) + 1) % accounts.length]!;
        const amount = `${randomInt(1, 40)}.${String(randomInt(0, 100)).padStart(2, "0")}`;
        const key = randomBytes(8).toString("hex");
        const request = { customerAccountId: Number(customerId), source, target, amount, idempotency: { scope: `customer:${customerId}`, key }, actor: { type: "system" as const, label: "worker" } };
        // One in five is sent twice at once, as a double click or an API retry would.
        const results = await Promise.all(randomInt(5) === 0 ? [transferCredits(handle.db, request), transferCredits(handle.db, request)] : [transferCredits(handle.db, request)]);
        for (const r of results) {
          if (r.ok && !r.replayed) {
            applied++;
            moved += r.transfer.amount;
            keys.push(key);
          } else if (r.ok) replayed++;
          else if (r.code === "insufficient_credits") refused++;
          else throw new Error(`unexpected refusal ${r.code}`);
        }
      }
    }),
  );
  await handle.close();
  console.log(JSON.stringify({ applied, replayed, refused, moved: creditsToString(moved), keys }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
