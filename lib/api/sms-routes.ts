import { and, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import { outgoingSms, smsAccounts } from "@/db/schema";
import { creditsToNumber, type Credits } from "@/lib/credits";
import { minorToString, parseUnitPrice, scaledToString, vatPercent, type Currency } from "@/lib/money";
import { BUY_REFUSALS, buyCredits } from "@/lib/orders";
import { listTiers, quoteForSubsidiary } from "@/lib/price-tiers";
import { parseQuantity, QUANTITY_REFUSALS, quantityRefusal } from "@/lib/pricing";
import { destinationPartPrice } from "@/lib/rates";
import { RECREDIT_REFUSALS, saveRecreditSettings } from "@/lib/recredit-settings";
import { can } from "@/lib/auth/permissions";
import { FORMAT_LOCALE } from "@/lib/i18n/locale";
import { describeRefusal, type Reader, type RefusalTable } from "@/lib/refusals";
import { ACCOUNT_REFUSALS, checkDescription, findSmsAccount, listSmsAccounts, updateDescription } from "@/lib/sms-accounts";
import { measureMessage, messageToSend } from "@/lib/sms/encoding";
import { SEND_REFUSALS, sendSms } from "@/lib/sms/send";
import { isSubsidiary, SUBSIDIARY_INFO, type Subsidiary } from "@/lib/subsidiaries";
import { TRANSFER_REFUSALS } from "@/lib/transfer-rules";
import { transferCredits } from "@/lib/transfers";
import type { z } from "zod";
import { isCanonicalId, MAX_INT8 } from "@/lib/validation/common";
import { estimateBody, orderBody, parseJsonBody, sendBody, transferBody, updateSmsBody } from "./bodies";
import { ApiError, type ApiContext, type Route } from "./router";
import { countOutcome } from "@/lib/ops/metrics.mjs";

/**
 * The /sms and /order/sms endpoints in OVHcloud's shapes. Each one calls the domain function the panel's action
 * calls; refusals carry the panel's English message.
 */
const t = createTranslator({ locale: FORMAT_LOCALE.en, messages: en, timeZone: "UTC" });
/** A domain refusal as the API answers it: the status of its refusal table, the panel's English message. */
const refuse = <R extends { code: string }>(table: RefusalTable<R>, refusal: R): never => {
  const { status, message } = describeRefusal(table, refusal, { t: t as unknown as Reader["t"], locale: "en" });
  throw new ApiError(status, message);
};

async function account(ctx: ApiContext) {
  const found = await findSmsAccount(ctx.db, ctx.principal.user.customerAccountId, ctx.params.serviceName!);
  if (!found) throw new ApiError(404, `The SMS account ${ctx.params.serviceName} does not exist`);
  return found;
}

function price(value: bigint, currency: Currency) {
  const text = minorToString(value);
  return { currencyCode: currency, text: `${text} ${currency === "GBP" ? "GBP" : currency}`, value: Number(text) };
}

function smsView(a: typeof smsAccounts.$inferSelect) {
  return {
    name: a.serviceName,
    description: a.description,
    status: a.status,
    creditsLeft: creditsToNumber(a.creditsLeft),
    creditsHoldByQuota: 0,
    automaticRecreditAmount: a.recreditAmount,
    creditThresholdForAutomaticRecredit: creditsToNumber(a.recreditThreshold),
    channel: "both",
    smpp: false,
    callBack: "",
    stopCallBack: "",
    smsResponse: { cgiUrl: "", responseType: "noResponse", text: "", trackingDefaultSmsSender: "", trackingOptions: [] },
    templates: { customizedEmailMode: false, customizedSmsMode: false, emailBody: "", emailFrom: "", emailSubject: "", smsBody: "" },
    userQuantityWithQuota: 0,
  };
}

const WRITABLE = new Set(["automaticRecreditAmount", "creditThresholdForAutomaticRecredit", "description", "callBack", "stopCallBack", "smsResponse", "templates"]);
const READ_ONLY = new Set(["name", "status", "creditsLeft", "creditsHoldByQuota", "channel", "smpp", "userQuantityWithQuota"]);

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "The body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** The body read by its schema (lib/api/bodies.ts), or a 400 naming the field at fault. */
function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = parseJsonBody(schema, body);
  if (!parsed.ok) throw new ApiError(400, parsed.message);
  return parsed.value;
}

function orderView(quote: { unitPrice: bigint; amountExclVatMinor: bigint; vatMinor: bigint; totalMinor: bigint; currency: Currency; quantity: number }, orderId: number | null) {
  return {
    orderId,
    url: orderId ? `/billing/orders/${orderId}` : null,
    prices: { withoutTax: price(quote.amountExclVatMinor, quote.currency), tax: price(quote.vatMinor, quote.currency), withTax: price(quote.totalMinor, quote.currency) },
    details: [{ description: `${quote.quantity} SMS credits`, quantity: quote.quantity, unitPrice: Number(scaledToString(quote.unitPrice, 5)), totalPrice: price(quote.amountExclVatMinor, quote.currency) }],
  };
}

function billingCountry(query: URLSearchParams): Subsidiary {
  const code = (query.get("billingCountry") ?? "fr").toUpperCase().replace(/^UK$/, "GB");
  if (!isSubsidiary(code)) throw new ApiError(400, "billingCountry must be one of fr, gb, ie, es, it, pl.");
  return code;
}

/** A repeated request (same Idempotency-Key or signature) says so, as it did the first time otherwise. */
const replayedHeader = (replayed: boolean): Record<string, string> => (replayed ? { "idempotent-replayed": "true" } : {});

const actor = (ctx: ApiContext) => ({ type: "api" as const, userId: ctx.principal.user.id, label: `${ctx.principal.user.email} via ${ctx.principal.application.name}` });

export const smsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/sms/rates/destinations",
    public: true,
    handler: async () => ({ body: null }),
    publicHandler: async ({ db, query }) => {
      const subsidiary = billingCountry(query);
      const country = (query.get("country") ?? "").toUpperCase();
      const part = await destinationPartPrice(db, subsidiary, country);
      if (!part) throw new ApiError(404, `No rate for destination ${country || "(none)"}`);
      return {
        body: {
          country: new Intl.DisplayNames(["en"], { type: "region" }).of(country),
          countryCode: country.toLowerCase(),
          credit: creditsToNumber(part.credits),
          price: price(part.priceMinor, part.currency),
          vatRate: Number(vatPercent(SUBSIDIARY_INFO[subsidiary].vatBasisPoints)),
        },
      };
    },
  },
  {
    method: "GET",
    pattern: "/sms/rates/packs",
    public: true,
    handler: async () => ({ body: null }),
    publicHandler: async ({ db, query }) => {
      const subsidiary = billingCountry(query);
      const tiers = await listTiers(db, subsidiary);
      return {
        body: tiers.map((tier) => ({
          creditQuantityMin: tier.minQuantity,
          creditQuantityMax: tier.maxQuantity,
          creditPrice: {
            currencyCode: tier.currency,
            text: `${scaledToString(parseUnitPrice(tier.unitPrice), 5, { trim: true })} ${tier.currency}`,
            value: Number(scaledToString(parseUnitPrice(tier.unitPrice), 5)),
          },
          vatRate: Number(vatPercent(SUBSIDIARY_INFO[subsidiary].vatBasisPoints)),
        })),
      };
    },
  },
  {
    method: "POST",
    pattern: "/sms/estimate",
    handler: async (ctx) => {
      const body = parse(estimateBody, ctx.body);
      const text = messageToSend(body.message, { subsidiary: ctx.principal.user.subsidiary, noStopClause: body.noStopClause === true });
      const m = measureMessage(text);
      return { body: { characters: m.units, charactersClass: m.encoding, maxCharactersPerPart: m.perPart, parts: m.parts } };
    },
  },
  {
    method: "GET",
    pattern: "/sms",
    handler: async (ctx) => ({ body: (await listSmsAccounts(ctx.db, ctx.principal.user.customerAccountId)).map((a) => a.serviceName) }),
  },
  { method: "GET", pattern: "/sms/{serviceName}", handler: async (ctx) => ({ body: smsView(await account(ctx)) }) },
  {
    method: "PUT",
    pattern: "/sms/{serviceName}",
    permission: "manageRecredit",
    handler: async (ctx) => {
      const raw = object(ctx.body);
      const current = await account(ctx);
      for (const field of Object.keys(raw)) {
        if (READ_ONLY.has(field)) throw new ApiError(400, `${field} is read-only.`);
        if (!WRITABLE.has(field)) throw new ApiError(400, `Unknown field ${field}.`);
      }
      if ("description" in raw && !can(ctx.principal.user.role, "editAccount")) {
        throw new ApiError(403, "The role of the user who granted this credential does not allow this change.");
      }
      const body = parse(updateSmsBody, raw);
      if (body.description !== undefined) {
        // Checked before anything changes, so a refused description leaves the re-credit settings untouched too.
        const checked = checkDescription(body.description);
        if (!checked.ok) refuse(ACCOUNT_REFUSALS, checked);
      }
      const touchesRecredit = "automaticRecreditAmount" in raw || "creditThresholdForAutomaticRecredit" in raw;
      if (touchesRecredit) {
        const threshold = body.creditThresholdForAutomaticRecredit;
        const amount = body.automaticRecreditAmount;
        const result = await saveRecreditSettings(ctx.db, {
          customerAccountId: ctx.principal.user.customerAccountId,
          serviceName: current.serviceName,
          threshold: threshold ?? 0,
          amount: amount ?? null,
          keep: { threshold: threshold === undefined, amount: amount === undefined },
          actor: actor(ctx),
          idempotency: ctx.idempotency,
        });
        if (!result.ok) {
          refuse(RECREDIT_REFUSALS, result);
        }
      }
      if (body.description !== undefined) {
        const updated = await updateDescription(ctx.db, ctx.principal.user.customerAccountId, current.serviceName, body.description);
        if (!updated.ok) refuse(ACCOUNT_REFUSALS, updated);
      }
      return { body: null };
    },
  },
  {
    method: "POST",
    pattern: "/sms/{serviceName}/transferCredits",
    permission: "transferCredits",
    handler: async (ctx) => {
      const body = parse(transferBody, ctx.body);
      await account(ctx);
      const result = await transferCredits(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        source: ctx.params.serviceName!,
        target: body.smsAccountTarget,
        amount: body.credits,
        reference: body.reference ?? "",
        idempotency: ctx.idempotency,
        actor: actor(ctx),
      });
      countOutcome("transfers", "api", result);
      if (!result.ok) return refuse(TRANSFER_REFUSALS, result);
      return { body: null, headers: { "x-transfer-id": result.transfer.id, ...replayedHeader(result.replayed) } };
    },
  },
  {
    method: "POST",
    pattern: "/sms/{serviceName}/jobs",
    permission: "sendSms",
    handler: async (ctx) => {
      const body = parse(sendBody, ctx.body);
      const result = await sendSms(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        serviceName: ctx.params.serviceName!,
        message: body.message,
        receivers: body.receivers,
        sender: body.sender ?? "",
        noStopClause: body.noStopClause === true,
        tag: body.tag ?? "",
        options: {
          senderForResponse: body.senderForResponse,
          smsClass: body.class,
          coding: body.coding,
          priority: body.priority,
          validityPeriod: body.validityPeriod,
          differedPeriod: body.differedPeriod,
        },
        actor: actor(ctx),
        idempotency: ctx.idempotency,
      });
      countOutcome("sends", "api", result);
      if (!result.ok) return refuse(SEND_REFUSALS, result);
      return {
        headers: replayedHeader(result.replayed),
        body: {
          totalCreditsRemoved: creditsToNumber(result.totalCreditsRemoved),
          creditsLeft: creditsToNumber(result.creditsLeft),
          ids: result.ids.map(Number),
          validReceivers: result.validReceivers,
          invalidReceivers: result.invalidReceivers,
          tag: result.tag,
        },
      };
    },
  },
  {
    method: "GET",
    pattern: "/sms/{serviceName}/outgoing",
    handler: async (ctx) => {
      const a = await account(ctx);
      const rows = await ctx.db.select({ id: outgoingSms.id }).from(outgoingSms).where(eq(outgoingSms.smsAccountId, a.id));
      return { body: rows.map((r) => Number(r.id)) };
    },
  },
  {
    method: "GET",
    pattern: "/sms/{serviceName}/outgoing/{id}",
    handler: async (ctx) => {
      const a = await account(ctx);
      const id = isCanonicalId(ctx.params.id!, MAX_INT8) ? BigInt(ctx.params.id!) : -1n;
      const [o] = await ctx.db.select().from(outgoingSms).where(and(eq(outgoingSms.smsAccountId, a.id), eq(outgoingSms.id, id)));
      if (!o) throw new ApiError(404, `No outgoing SMS ${ctx.params.id}`);
      return {
        body: {
          id: Number(o.id),
          creationDatetime: o.createdAt.toISOString(),
          credits: creditsToNumber(o.credits as Credits),
          message: o.message,
          messageLength: Array.from(o.message).length,
          numberOfSms: o.parts,
          receiver: o.receiver,
          sender: o.sender,
          ptt: o.ptt,
          deliveryReceipt: o.status === "delivered" ? 1 : o.status === "failed" ? 2 : 0,
          sentAt: o.createdAt.toISOString(),
          deliveredAt: o.deliveredAt?.toISOString() ?? null,
          tag: o.tag,
        },
      };
    },
  },
  {
    method: "GET",
    pattern: "/order/sms/{serviceName}/credits",
    handler: async (ctx) => {
      await account(ctx);
      const quantity = parseQuantity(ctx.query.get("quantity") ?? "");
      if (!quantity.ok) return refuse(QUANTITY_REFUSALS, quantityRefusal(quantity.error));
      const quote = await quoteForSubsidiary(ctx.db, ctx.principal.user.subsidiary as Subsidiary, quantity.value);
      if (!quote) return refuse(BUY_REFUSALS, { code: "no_price" });
      return { body: orderView(quote, null) };
    },
  },
  {
    method: "POST",
    pattern: "/order/sms/{serviceName}/credits",
    permission: "buyCredits",
    handler: async (ctx) => {
      const body = parse(orderBody, ctx.body);
      await account(ctx);
      const result = await buyCredits(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        subsidiary: ctx.principal.user.subsidiary as Subsidiary,
        serviceName: ctx.params.serviceName!,
        quantity: String(body.quantity),
        idempotency: ctx.idempotency,
        actor: actor(ctx),
      });
      countOutcome("purchases", "api", result);
      if (!result.ok) return refuse(BUY_REFUSALS, result);
      return { body: orderView({ ...result.order, unitPrice: parseUnitPrice(result.order.unitPrice) }, result.order.id), headers: replayedHeader(result.replayed) };
    },
  },
];
