import { readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { expect, it } from "vitest";
import { historyRows, HISTORY_COLUMNS } from "@/lib/credits/exports";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { describeReference, orderReference, smsReference, smsRefundReference } from "@/lib/credits/ledger-references";
import { makeCustomer } from "./fixtures";
import { describeOnBothDrivers } from "./harness";

/** The messages of `ledger.ref` in one locale, as next-intl's `t("ledger.ref")` would format them. */
function translator(locale: string) {
  const catalog = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "messages", `${locale}.json`), "utf8"));
  return (code: string, values: Record<string, string | number>) =>
    new IntlMessageFormat(catalog.ledger.ref[code] as string, locale).format(values) as string;
}

/** The panel's own words on a ledger entry are stored as a code and translated for each reader; a person's text stays as typed. */
describeOnBothDrivers("ledger reference codes", (ctx) => {
  it("stores codes and values, and each reader sees them in their language", async () => {
    const c = await makeCustomer(ctx.handle.db, { balances: ["100"] });
    const a = c.accounts[0]!;
    const system = { type: "system", label: "test" } as const;
    await ctx.handle.db.transaction(async (tx) => {
      await postEntry(tx, { smsAccountId: a.id, kind: "purchase", amount: credits("250"), coded: orderReference(7), actor: system });
      await postEntry(tx, { smsAccountId: a.id, kind: "sms_consumption", amount: credits("-3"), coded: smsReference(3), reference: "Spring", actor: system });
      await postEntry(tx, { smsAccountId: a.id, kind: "adjustment", amount: credits("1"), coded: smsRefundReference(42n, "+447700900123", 801), actor: system });
    });
    const rows: string[][] = [];
    const en = translator("en");
    for await (const row of historyRows(ctx.handle.db, a.id, {}, (e) => describeReference(e, en))) rows.push(row.map(String));
    const ref = HISTORY_COLUMNS.indexOf("reference");
    const code = HISTORY_COLUMNS.indexOf("reference_code");
    expect(rows.slice(0, 3).map((r) => [r[ref], r[code]])).toEqual([
      ["Refund: SMS 42 to +447700900123 not delivered (code 801)", "sms_refund"],
      ["3 SMS · Spring", "sms"],
      ["Order #7", "order"],
    ]);
    const pl = translator("pl");
    const polish: string[] = [];
    for await (const row of historyRows(ctx.handle.db, a.id, {}, (e) => describeReference(e, pl))) polish.push(String(row[ref]));
    expect(polish.slice(1, 3)).toEqual(["3 SMS-y · Spring", "Zamówienie nr 7"]);
  });
});
