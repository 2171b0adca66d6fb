import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import { CREDENTIAL_REFUSALS } from "@/lib/api/credentials";
import { THROTTLE_REFUSALS } from "@/lib/auth/login";
import { PASSWORD_REFUSALS } from "@/lib/auth/password";
import { SESSION_REFUSALS } from "@/lib/auth/sessions";
import { TOTP_REFUSALS } from "@/lib/auth/totp";
import { credits } from "@/lib/credits/amounts";
import { BUY_REFUSALS } from "@/lib/billing/orders";
import { METHOD_REFUSALS } from "@/lib/billing/payment-methods";
import { QUANTITY_REFUSALS, quantityRefusal } from "@/lib/billing/pricing";
import { RECREDIT_REFUSALS } from "@/lib/recredit/settings";
import { describeRefusal, type Reader, type RefusalTable } from "@/lib/refusals";
import { ACCOUNT_REFUSALS } from "@/lib/sms/accounts";
import { SEND_REFUSALS } from "@/lib/sms/send";
import { TRANSFER_REFUSALS } from "@/lib/credits/transfer-rules";

const reader = (locale: "en" | "fr"): Reader => ({
  t: createTranslator({ locale, messages: locale === "en" ? en : fr, timeZone: "UTC" }) as unknown as Reader["t"],
  locale,
});

const TABLES: Record<string, RefusalTable> = {
  TRANSFER_REFUSALS,
  QUANTITY_REFUSALS,
  BUY_REFUSALS,
  SEND_REFUSALS,
  RECREDIT_REFUSALS,
  ACCOUNT_REFUSALS,
  METHOD_REFUSALS,
  PASSWORD_REFUSALS,
  TOTP_REFUSALS,
  THROTTLE_REFUSALS,
  SESSION_REFUSALS,
  CREDENTIAL_REFUSALS,
};

function lookup(catalog: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

describe("refusal tables", () => {
  it.each(Object.entries(TABLES).flatMap(([name, table]) => Object.entries(table).map(([code, spec]) => [name, code, spec.message] as const)))(
    "%s %s has its message (errors.%s) in every catalog",
    (_name, _code, message) => {
      for (const catalog of [en, fr]) expect(typeof lookup(catalog, `errors.${message}`)).toBe("string");
    },
  );
});

describe("describeRefusal: one answer for the form and the API", () => {
  it.each<[string, RefusalTable, { code: string } & Record<string, unknown>, { status: number; field?: string; message: string }]>([
    [
      "a transfer beyond the balance",
      TRANSFER_REFUSALS,
      { code: "insufficient_credits", source: "sms-1", balance: credits("400"), amount: credits("1000") },
      { status: 400, field: "amount", message: "sms-1 has 400 credits: 1,000 cannot be transferred. Nothing was changed." },
    ],
    ["a transfer's reused key", TRANSFER_REFUSALS, { code: "idempotency_conflict" }, { status: 409, message: "This form was already used for another transfer. Reload the page and try again." }],
    ["a send to no rated country", SEND_REFUSALS, { code: "no_rate", countries: ["GG", "JP"], numbers: "+441481000000, +81300000000" }, { status: 400, field: "receivers", message: "No rate for Guernsey and Japan: +441481000000, +81300000000" }],
    ["a send from an unknown account", SEND_REFUSALS, { code: "account_not_found" }, { status: 404, message: "This SMS account does not exist or is not one of yours." }],
    [
      "a declined payment",
      BUY_REFUSALS,
      { code: "payment_failed", reason: "declined", orderId: 7, method: "Visa •••• 0002" },
      { status: 400, message: "The payment with Visa •••• 0002 was refused: the card was declined. No credits were added; order #7 is recorded as failed." },
    ],
    ["a quantity too small", BUY_REFUSALS, quantityRefusal("quantity_too_small"), { status: 400, field: "quantity", message: "The minimum is 100 credits." }],
    ["a description too long", ACCOUNT_REFUSALS, { code: "description_too_long", max: 120 }, { status: 400, field: "description", message: "The description is too long (120 characters at most)." }],
    ["a wrong current password", PASSWORD_REFUSALS, { code: "wrong_password" }, { status: 400, field: "current", message: "The password is incorrect." }],
  ])("%s", (_case, table, refusal, expected) => {
    const described = describeRefusal(table, refusal, reader("en"));
    expect({ status: described.status, field: described.field, message: described.message }).toEqual({ field: undefined, ...expected });
  });

  it("words the message for its reader: numbers and country names in French", () => {
    const described = describeRefusal(SEND_REFUSALS, { code: "no_rate", countries: ["JP"], numbers: "+81300000000" }, reader("fr"));
    expect(described.message).toContain("Japon");
    expect(describeRefusal(QUANTITY_REFUSALS, quantityRefusal("quantity_too_large"), reader("fr")).message).toContain(`1${"\u202f"}000${"\u202f"}000`);
  });

  it("keeps the token of a pending order only", () => {
    const keeps = Object.entries(BUY_REFUSALS).filter(([, spec]) => spec.keepToken).map(([code]) => code);
    expect(keeps).toEqual(["order_pending"]);
  });
});
