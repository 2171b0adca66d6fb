import { readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { formatCredits } from "@/lib/credits/amounts";
import { LOCALES } from "@/lib/billing/subsidiaries";

type Catalog = { [key: string]: string | Catalog };
const load = (locale: string): Catalog =>
  JSON.parse(readFileSync(path.join(__dirname, "..", "..", "messages", `${locale}.json`), "utf8"));

function flatten(catalog: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The argument names a message uses ({name}, {count, plural, …}). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as Array<{ type: number; value?: string; options?: Record<string, { value: unknown[] }> }>) {
      if (el.type !== 0 && el.type !== 7 && el.value) names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

const catalogs = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))]));

describe("message catalogs", () => {
  const allKeys = new Set(LOCALES.flatMap((l) => [...catalogs[l]!.keys()]));

  it.each(LOCALES)("%s has every key another catalog has", (locale) => {
    const missing = [...allKeys].filter((k) => !catalogs[locale]!.has(k));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)("%s messages parse and use the same arguments as English", (locale) => {
    const wrong: string[] = [];
    for (const [key, message] of catalogs[locale]!) {
      const english = catalogs.en!.get(key);
      if (english === undefined) continue;
      if (argumentsOf(message, locale).join() !== argumentsOf(english, "en").join()) wrong.push(key);
    }
    expect(wrong).toEqual([]);
  });

  // Messages are compiled when the app is built (next.config.js): a message with an argument becomes a structure for
  // a translator, one without stays its text. These namespaces are read as text (lib/api/bodies.ts,
  // lib/http/action-guard.ts), so none of their messages may take an argument.
  it.each(LOCALES)("%s messages read as plain text (validation.*, errors.request.*) take no argument", (locale) => {
    const withArguments = [...catalogs[locale]!]
      .filter(([key]) => key.startsWith("validation.") || key.startsWith("errors.request."))
      .filter(([, message]) => argumentsOf(message, locale).length > 0)
      .map(([key]) => key);
    expect(withArguments).toEqual([]);
  });
});

describe("credit amounts given to messages as numbers", () => {
  const format = (locale: string, key: string, values: Record<string, unknown>) => {
    const [ns, name] = key.split(".") as [string, string];
    const message = (load(locale)[ns] as Catalog)[name] as string;
    return new IntlMessageFormat(message, locale).format(values) as string;
  };

  it.each([
    ["en", 1, "1 SMS sent for 1 credit."],
    ["en", 12.5, "1 SMS sent for 12.5 credits."],
    ["en", 1234.5, "1 SMS sent for 1,234.5 credits."],
    ["fr", 1.5, "1 SMS envoyé pour 1,5 crédit."],
    ["fr", 1234.5, `1 SMS envoyé pour 1${"\u202f"}234,5 crédits.`],
  ])("%s: %d credits read as a person expects (unit agreeing, number formatted as formatCredits does)", (locale, credits, start) => {
    expect(format(locale, "send.done", { count: 1, credits, balance: 0 }).startsWith(start)).toBe(true);
    expect(start).toContain(formatCredits(BigInt(Math.round(credits * 100)), locale));
  });

  it("agrees the unit with each balance of a transfer", () => {
    expect(format("en", "transfer.done", { amount: 1, source: "a", target: "b", sourceBalance: 1, targetBalance: 92.5 })).toBe(
      "1 credit moved from a to b. New balances: a 1 credit, b 92.5 credits.",
    );
  });
});

describe("every message that shows credit amounts", () => {
  /** The message arguments the code passes as credit numbers (creditsToNumber), by message. */
  const CREDIT_ARGUMENTS: Record<string, string[]> = {
    "home.recreditSummary": ["amount", "threshold"],
    "home.chartLabel": ["from", "to"],
    "errors.transfer.insufficient_credits": ["balance", "amount"],
    "errors.buy.quantity_too_small": ["min"],
    "errors.buy.quantity_too_large": ["max"],
    "errors.send.insufficient_credits": ["cost", "balance", "missing"],
    "transfer.amountHint": ["balance"],
    "transfer.accountOption": ["balance"],
    "combobox.balance": ["balance"],
    "transfer.creditsValue": ["value"],
    "credits.amount": ["value"],
    "recredit.amountOption": ["amount"],
    "transfer.balanceChange": ["before", "after"],
    "buy.done": ["quantity", "balance"],
    "recredit.currentOn": ["amount", "threshold"],
    "recredit.immediate": ["balance", "amount"],
    "recredit.savedOn": ["amount", "threshold"],
    "recredit.firedNow": ["amount", "balance"],
    "recredit.attemptOk": ["amount"],
    "recredit.changeOn": ["amount", "threshold"],
    "recredit.lastOk": ["amount"],
    "send.short": ["missing", "balance"],
    "send.done": ["credits", "balance"],
    "transfer.done": ["amount", "sourceBalance", "targetBalance"],
  };
  const formatKey = (locale: string, key: string, values: Record<string, unknown>) => {
    let node: string | Catalog = load(locale);
    for (const part of key.split(".")) node = (node as Catalog)[part]!;
    return new IntlMessageFormat(node as string, locale).format(values) as string;
  };
  const otherArguments = (key: string) => argumentsOf(catalogs.en!.get(key)!, "en").filter((a) => !CREDIT_ARGUMENTS[key]!.includes(a));

  it.each(LOCALES.flatMap((locale) => Object.keys(CREDIT_ARGUMENTS).map((key) => [locale, key] as const)))(
    "%s %s formats its amounts for the locale, never as raw numbers",
    (locale, key) => {
      const values: Record<string, unknown> = Object.fromEntries(otherArguments(key).map((a) => [a, "x"]));
      for (const a of CREDIT_ARGUMENTS[key]!) values[a] = 1234.5;
      const text = formatKey(locale, key, values);
      expect(text).toContain(formatCredits(123450n, locale));
      expect(text).not.toContain("1234.5");
    },
  );

  it.each(Object.keys(CREDIT_ARGUMENTS))("en %s never says \"1 credits\"", (key) => {
    const values: Record<string, unknown> = Object.fromEntries(otherArguments(key).map((a) => [a, "x"]));
    for (const a of CREDIT_ARGUMENTS[key]!) values[a] = 1;
    expect(formatKey("en", key, values)).not.toMatch(/\b1 credits\b/);
  });
});

describe("the credits formatter (credits.amount)", () => {
  const amount = (locale: string, value: number) =>
    (new IntlMessageFormat((load(locale).credits as Catalog).amount as string, locale).format({ value }) as string).replace(/\u00a0|\u202f/g, " ");
  it.each([
    ["en", 1, "1 credit"],
    ["en", 0, "0 credits"],
    ["en", 1.5, "1.5 credits"],
    ["fr", 1.5, "1,5 crédit"],
    ["fr", 2, "2 crédits"],
    ["pl", 1, "1 kredyt"],
    ["pl", 2, "2 kredyty"],
    ["pl", 5, "5 kredytów"],
    ["pl", 22, "22 kredyty"],
    ["pl", 112, "112 kredytów"],
    ["pl", 12.5, "12,5 kredytu"],
    ["it", 1, "1 credito"],
    ["es", 1000, "1000 créditos"],
  ])("%s %d → %s", (locale, value, expected) => {
    expect(amount(locale, value)).toBe(expected);
  });
});

describe("dates given to messages as dates", () => {
  it.each([
    ["en", "en-GB", "8 January 2027"],
    ["fr", "fr-FR", "8 janvier 2027"],
    ["pl", "pl-PL", "8 stycznia 2027"],
  ])("%s formats a refusal's date for its region (%s)", (language, formatLocale, expected) => {
    const message = ((load(language).errors as Catalog).recredit as Catalog).account_too_young as string;
    const text = new IntlMessageFormat(message, formatLocale).format({ eligibleFrom: new Date("2027-01-08T12:00:00Z") }) as string;
    expect(text).toContain(expected);
  });
});
