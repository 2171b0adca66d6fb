import { randomInt, randomUUID } from "node:crypto";
import { composeIBAN } from "ibantools";
import type { Permission } from "@/lib/auth/permissions";
import type { Context } from "./context";

/**
 * What the attack knows of each server action and API endpoint: where it is posted, a valid input on the victim
 * tenant's resources (so that a refusal is a real refusal), the permission it needs, and which fields must be
 * strictly formed (ids, amounts, quantities) — a non-canonical value there must change nothing.
 */
export type Fixtures = { freshCredentialToken: () => Promise<string>; freshCredentialId: () => Promise<number>; freshPaymentMethodId: () => Promise<number> };

export type ActionSpec = {
  name: string;
  /** The page the form is on (the action is posted there). */
  page: (ctx: Context) => Promise<string> | string;
  /** null: public (login, language) — any visitor may call it. */
  permission: Permission | null;
  fields: (ctx: Context, fx: Fixtures) => Promise<Array<[string, string]>>;
  /** Fields whose value must be canonical (digits); anything else must be refused. */
  strict?: Record<string, "id" | "amount">;
  /** A valid call by an allowed user must succeed (checks that the matrix's inputs are real). */
  mustSucceed?: boolean;
  plainForm?: boolean;
  /** Not run in the matrix (it would end the session it runs in); still fuzzed when safe. */
  skipMatrix?: boolean;
  /** Called by a visitor who is not logged in (the login form: a signed-in user is sent away from /login). */
  anonymous?: boolean;
  /** Acts on the user's own customer (a new key, a new payment method): another customer's admin may call it too. */
  ownTenant?: boolean;
};

const a = (ctx: Context, i = 0) => ctx.world.alpha.accounts[i]!;

export const ACTIONS: ActionSpec[] = [
  {
    name: "saveDescription",
    page: (ctx) => `/telecom/sms/${a(ctx)}`,
    permission: "editAccount",
    fields: async (ctx) => [["serviceName", a(ctx)], ["description", `matrix ${randomUUID().slice(0, 8)}`]],
    mustSucceed: true,
  },
  {
    name: "transferAction",
    page: (ctx) => `/telecom/sms/${a(ctx)}/transfer`,
    permission: "transferCredits",
    fields: async (ctx) => [["source", a(ctx)], ["target", a(ctx, 1)], ["amount", "1"], ["reference", "matrix"], ["token", randomUUID()]],
    strict: { amount: "amount" },
    mustSucceed: true,
  },
  {
    name: "sendAction",
    page: (ctx) => `/telecom/sms/${a(ctx)}/send`,
    permission: "sendSms",
    fields: async (ctx) => [["serviceName", a(ctx)], ["receivers", "+447400123456"], ["sender", "Attack"], ["message", "matrix send"], ["token", randomUUID()]],
    mustSucceed: true,
  },
  {
    name: "buyAction",
    page: (ctx) => `/telecom/sms/${a(ctx)}/buy`,
    permission: "buyCredits",
    fields: async (ctx) => [["serviceName", a(ctx)], ["quantity", "100"], ["paymentMethodId", String(ctx.world.alpha.paymentMethodIds.card)], ["token", randomUUID()]],
    strict: { quantity: "amount", paymentMethodId: "id" },
    mustSucceed: true,
  },
  {
    name: "saveRecreditAction",
    page: (ctx) => `/telecom/sms/${a(ctx)}/options/recredit`,
    permission: "manageRecredit",
    fields: async (ctx) => [["serviceName", a(ctx, 3)], ["threshold", String(10 + Math.floor(Math.random() * 80))], ["amount", "100"]],
    strict: { threshold: "amount", amount: "amount" },
    mustSucceed: true,
  },
  {
    name: "createApplicationAction",
    ownTenant: true,
    page: () => "/account/api",
    permission: "manageApiKeys",
    fields: async () => [["name", `matrix ${randomUUID().slice(0, 6)}`], ["description", ""]],
    mustSucceed: true,
  },
  {
    name: "revokeCredentialAction",
    page: () => "/account/api",
    permission: "manageApiKeys",
    fields: async (_ctx, fx) => [["id", String(await fx.freshCredentialId())]],
    strict: { id: "id" },
    mustSucceed: true,
  },
  {
    name: "decideAction",
    // Granting an API key hands out the account: it needs a role that may change the account (issue 9, item 11),
    // not merely read it.
    page: async () => "/api-keys/validate/x",
    permission: "editAccount",
    fields: async (_ctx, fx) => [["token", await fx.freshCredentialToken()], ["decision", "grant"], ["validity", "1h"]],
    mustSucceed: true,
  },
  {
    name: "addSepaAction",
    ownTenant: true,
    page: () => "/billing/payment-methods",
    permission: "managePaymentMethods",
    fields: async () => [["holder", "Matrix Holder"], ["iban", FULL_IBAN], ["bic", "BUKBGB22"], ["acceptMandate", "on"]],
    mustSucceed: true,
  },
  {
    name: "addCardAction",
    ownTenant: true,
    page: () => "/billing/payment-methods",
    permission: "managePaymentMethods",
    fields: async () => [["holder", "Matrix Holder"], ["number", FULL_CARD], ["expiry", "12/30"]],
    mustSucceed: true,
  },
  {
    name: "validateAction",
    page: () => "/billing/payment-methods",
    permission: "managePaymentMethods",
    fields: async (ctx) => [["id", String(ctx.world.alpha.paymentMethodIds.pendingSepa)]],
    strict: { id: "id" },
  },
  {
    name: "revokeAction",
    page: () => "/billing/payment-methods",
    permission: "managePaymentMethods",
    fields: async (_ctx, fx) => [["id", String(await fx.freshPaymentMethodId())]],
    strict: { id: "id" },
    mustSucceed: true,
  },
  {
    name: "setDefaultAction",
    page: () => "/billing/payment-methods",
    permission: "managePaymentMethods",
    fields: async (_ctx, fx) => [["id", String(await fx.freshPaymentMethodId())]],
    strict: { id: "id" },
    mustSucceed: true,
  },
  {
    name: "changeLocale",
    page: () => "/telecom/sms",
    permission: null,
    plainForm: true,
    fields: async () => [["locale", "en"], ["returnTo", "/telecom/sms"]],
  },
  { name: "login", page: () => "/login", permission: null, anonymous: true, fields: async () => [["email", "nobody@attack.test"], ["password", "wrong"]], skipMatrix: true },
  { name: "logout", page: () => "/telecom/sms", permission: null, plainForm: true, fields: async () => [], skipMatrix: true },
  // The Security page's actions end sessions, change a password or turn on a second factor: sent with no session
  // only (they must refuse it), never with the sessions the other parts use.
  ...["logoutEverywhere", "changePasswordAction", "endSessionAction", "startTotpAction", "cancelTotpAction", "confirmTotpAction", "disableTotpAction"].map(
    (name): ActionSpec => ({ name, page: () => "/account/security", permission: null, anonymous: true, plainForm: name === "logoutEverywhere", fields: async () => [], skipMatrix: true }),
  ),
];

/**
 * The full IBAN and card number the attack submits (made for this run, so no page can contain them by chance): the
 * panel must only ever show them masked.
 */
export const FULL_IBAN = composeIBAN({ countryCode: "GB", bban: `BUKB${String(randomInt(100_000, 999_999))}${String(randomInt(10_000_000, 99_999_999))}` })!;
export const FULL_CARD = luhn(`4000${String(randomInt(10_000_000_000, 99_999_999_999))}`);

/**
 * The numbers that must not come back once the server has kept them (masked): after an accepted payment-method
 * action. A refused form may give the user back what they just typed.
 */
export const kept = (accepted: boolean | null) => (accepted === true ? [FULL_IBAN, FULL_CARD] : []);

/** A card number: the digits given and their Luhn check digit. */
function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

export type EndpointSpec = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: (ctx: Context) => string;
  /** undefined: any credential may call it; "public": no credential needed. */
  permission?: Permission | "public";
  body?: (ctx: Context) => Record<string, unknown>;
  /** JSON fields that must be plain numbers of the right form. */
  strict?: Record<string, "number">;
  /** Whether it reads or changes the victim tenant's resources (another tenant must get 404 or 403). */
  tenantScoped?: boolean;
};

export const ENDPOINTS: EndpointSpec[] = [
  { method: "GET", path: () => "/sms/rates/packs?billingCountry=gb", permission: "public" },
  { method: "GET", path: () => "/sms/rates/destinations?billingCountry=gb&country=fr", permission: "public" },
  { method: "GET", path: () => "/openapi.json", permission: "public" },
  { method: "GET", path: () => "/auth/time", permission: "public" },
  { method: "GET", path: () => "/auth/currentCredential" },
  { method: "GET", path: () => "/sms" },
  { method: "POST", path: () => "/sms/estimate", body: () => ({ message: "hello" }) },
  { method: "GET", path: (ctx) => `/sms/${a(ctx)}`, tenantScoped: true },
  { method: "PUT", path: (ctx) => `/sms/${a(ctx)}`, permission: "editAccount", body: () => ({ description: `api ${randomUUID().slice(0, 6)}` }), tenantScoped: true },
  { method: "PUT", path: (ctx) => `/sms/${a(ctx, 3)}`, permission: "manageRecredit", body: () => ({ creditThresholdForAutomaticRecredit: 10 + Math.floor(Math.random() * 80), automaticRecreditAmount: 100 }), strict: { creditThresholdForAutomaticRecredit: "number" }, tenantScoped: true },
  { method: "POST", path: (ctx) => `/sms/${a(ctx)}/transferCredits`, permission: "transferCredits", body: (ctx) => ({ credits: 1, smsAccountTarget: a(ctx, 1), reference: "api matrix" }), strict: { credits: "number" }, tenantScoped: true },
  { method: "POST", path: (ctx) => `/sms/${a(ctx)}/jobs`, permission: "sendSms", body: () => ({ message: "api matrix", receivers: ["+447400123456"], sender: "Attack" }), tenantScoped: true },
  { method: "GET", path: (ctx) => `/sms/${a(ctx)}/outgoing`, tenantScoped: true },
  { method: "GET", path: (ctx) => `/sms/${a(ctx)}/outgoing/${ctx.world.alpha.outgoingId}`, tenantScoped: true },
  { method: "GET", path: (ctx) => `/order/sms/${a(ctx)}/credits?quantity=100`, tenantScoped: true },
  { method: "POST", path: (ctx) => `/order/sms/${a(ctx)}/credits`, permission: "buyCredits", body: () => ({ quantity: 100 }), strict: { quantity: "number" }, tenantScoped: true },
];

/** Pages and exports, with whether they show one of the victim's resources. */
export const PAGES: Array<{ path: (ctx: Context, fx: { orderId: number; token: string }) => string; scoped: boolean; export?: boolean }> = [
  { path: () => "/telecom/sms", scoped: false },
  { path: () => "/telecom/sms/rates", scoped: false },
  { path: () => "/billing/orders", scoped: false },
  { path: () => "/billing/payment-methods", scoped: false },
  { path: () => "/account/api", scoped: false },
  { path: () => "/docs/api", scoped: false },
  { path: (ctx) => `/telecom/sms/${a(ctx)}`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/buy`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/history`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/options/recredit`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/send`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/transfer`, scoped: true },
  { path: (_ctx, fx) => `/billing/orders/${fx.orderId}`, scoped: true },
  { path: (_ctx, fx) => `/api-keys/validate/${fx.token}`, scoped: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/history/export`, scoped: true, export: true },
  { path: (ctx) => `/telecom/sms/${a(ctx)}/transfer/export`, scoped: true, export: true },
];
