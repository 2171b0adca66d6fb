import "server-only";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import { outgoingSms, smsAccounts } from "@/db/schema";
import { creditsToNumber, type Credits } from "@/lib/credits/amounts";
import { minorToString, parseUnitPrice, scaledToString, vatPercent, type Currency } from "@/lib/billing/money";
import { BUY_REFUSALS, buyCredits } from "@/lib/billing/orders";
import { listTiers, quoteForSubsidiary } from "@/lib/billing/price-tiers";
import { parseQuantity, QUANTITY_REFUSALS, quantityRefusal } from "@/lib/billing/pricing";
import { destinationPartPrice } from "@/lib/sms/rates";
import { RECREDIT_REFUSALS, saveRecreditSettings } from "@/lib/recredit/settings";
import { can } from "@/lib/auth/permissions";
import { FORMAT_LOCALE } from "@/lib/i18n/locale";
import { describeRefusal, type Reader, type RefusalTable } from "@/lib/refusals";
import { ACCOUNT_REFUSALS, checkDescription, findSmsAccount, listSmsAccounts, updateDescription } from "@/lib/sms/accounts";
import { measureMessage, messageToSend } from "@/lib/sms/encoding";
import { findOutgoing, outgoingIds, SEND_REFUSALS, sendSms } from "@/lib/sms/send";
import { isSubsidiary, SUBSIDIARY_INFO, type Subsidiary } from "@/lib/billing/subsidiaries";
import { CANCEL_REFUSALS, cancelScheduledSms } from "@/lib/sms/cancel";
import { CALLBACK_REFUSALS, checkCallbackUrl, saveCallbackUrls } from "@/lib/sms/callbacks";
import { TRANSFER_REFUSALS } from "@/lib/credits/transfer-rules";
import { transferCredits } from "@/lib/credits/transfers";
import { isCanonicalId, MAX_INT8 } from "@/lib/validation/common";
import { countOutcome } from "@/lib/ops/metrics.mjs";
import * as answers from "./answers";
import { estimateBody, orderBody, sendBody, transferBody, updateSmsBody } from "./bodies";
import { ApiError } from "./errors";
import { route, type ApiContext, type Route } from "./table";

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
    callBack: a.callbackUrl,
    stopCallBack: a.stopCallbackUrl,
    smsResponse: { cgiUrl: "", responseType: "noResponse", text: "", trackingDefaultSmsSender: "", trackingOptions: [] },
    templates: { customizedEmailMode: false, customizedSmsMode: false, emailBody: "", emailFrom: "", emailSubject: "", smsBody: "" },
    userQuantityWithQuota: 0,
  };
}

function jobView(o: typeof outgoingSms.$inferSelect) {
  return {
    id: Number(o.id),
    creationDatetime: o.createdAt.toISOString(),
    deliveryDatetime: (o.deliverAfter ?? o.createdAt).toISOString(),
    credits: creditsToNumber(o.credits as Credits),
    message: o.message,
    numberOfSms: o.parts,
    receiver: o.receiver,
    sender: o.sender,
    ptt: o.ptt,
    tag: o.tag,
  };
}

/** The id of a path as a bigint, or -1 (no row has it) when it is not a canonical id. */
const pathId = (value: string) => (isCanonicalId(value, MAX_INT8) ? BigInt(value) : -1n);

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

const SMS = { name: "sms-ab12345-1", description: "Marketing campaigns", status: "enable" as const, creditsLeft: 412.5, creditsHoldByQuota: 0, automaticRecreditAmount: null, creditThresholdForAutomaticRecredit: 0 };
const GBP = (value: number) => ({ currencyCode: "GBP", text: `${value.toFixed(2)} GBP`, value });

export const smsRoutes: Route[] = [
  route({
    method: "GET",
    path: "/sms/rates/destinations",
    auth: "public",
    summary: "Credits and price of one SMS to a destination.",
    answer: answers.destinationRate,
    example: { query: { country: "in", billingCountry: "gb" }, response: { country: "India", countryCode: "in", credit: 0.4, price: GBP(0.02), vatRate: 20 } },
    handler: async ({ db, query }) => {
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
  }),
  route({
    method: "GET",
    path: "/sms/rates/packs",
    auth: "public",
    summary: "Degressive price tiers of credit packs.",
    answer: answers.packs,
    example: { query: { billingCountry: "gb" }, response: [{ creditQuantityMin: 100, creditQuantityMax: 499, creditPrice: { currencyCode: "GBP", text: "0.06 GBP", value: 0.06 }, vatRate: 20 }] },
    handler: async ({ db, query }) => {
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
  }),
  route({
    method: "POST",
    path: "/sms/estimate",
    auth: "signed",
    summary: "Encoding and parts of a message.",
    body: estimateBody,
    answer: answers.estimate,
    example: { request: { message: "Prix: 10€", noStopClause: false }, response: { characters: 10, charactersClass: "7bits", maxCharactersPerPart: 160, parts: 1 } },
    handler: async (ctx) => {
      const text = messageToSend(ctx.body.message, { subsidiary: ctx.principal.user.subsidiary, noStopClause: ctx.body.noStopClause === true });
      const m = measureMessage(text);
      return { body: { characters: m.units, charactersClass: m.encoding, maxCharactersPerPart: m.perPart, parts: m.parts } };
    },
  }),
  route({
    method: "GET",
    path: "/sms",
    auth: "signed",
    summary: "Your SMS accounts.",
    answer: answers.serviceNames,
    example: { response: ["sms-ab12345-1", "sms-ab12345-2"] },
    handler: async (ctx) => ({ body: (await listSmsAccounts(ctx.db, ctx.principal.user.customerAccountId)).map((a) => a.serviceName) }),
  }),
  route({
    method: "GET",
    path: "/sms/{serviceName}",
    auth: "signed",
    summary: "One SMS account: balance, automatic re-credit, and the callBack / stopCallBack URLs.",
    answer: answers.smsAccount,
    example: {
      response: {
        ...SMS,
        channel: "both",
        smpp: false,
        callBack: "https://example.com/sms/report",
        stopCallBack: "",
        smsResponse: { cgiUrl: "", responseType: "noResponse", text: "", trackingDefaultSmsSender: "", trackingOptions: [] },
        templates: { customizedEmailMode: false, customizedSmsMode: false, emailBody: "", emailFrom: "", emailSubject: "", smsBody: "" },
        userQuantityWithQuota: 0,
      },
    },
    handler: async (ctx) => ({ body: smsView(await account(ctx)) }),
  }),
  route({
    method: "PUT",
    path: "/sms/{serviceName}",
    auth: "signed",
    permission: "manageRecredit",
    summary:
      "Change the description, the automatic re-credit (same conditions and messages as the panel), or the callBack / stopCallBack URLs (\"\" for none). callBack is called (GET) on each delivery report with id, smsAccount, receiver, ptt, dlr (1 delivered, 2 not), description, date and tag; stopCallBack on each STOP with smsAccount, receiver, id and date. Each call carries X-Callback-Timestamp and X-Callback-Signature: sha256=HMAC-SHA256(secret, timestamp + \".\" + query string), with the secret shown on the account's options page; it is retried with backoff until it answers 2xx. Read-only fields are refused.",
    body: updateSmsBody,
    answer: answers.nullAnswer,
    example: { request: { automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 412, callBack: "https://example.com/sms/report" }, response: null },
    handler: async (ctx) => {
      const body = ctx.body;
      const current = await account(ctx);
      if (body.description !== undefined && !can(ctx.principal.user.role, "editAccount")) {
        throw new ApiError(403, "The role of the user who granted this credential does not allow this change.");
      }
      // Checked before anything changes, so a refused description or URL leaves the rest untouched too.
      if (body.description !== undefined) {
        const checked = checkDescription(body.description);
        if (!checked.ok) refuse(ACCOUNT_REFUSALS, checked);
      }
      const urls = { callBack: body.callBack, stopCallBack: body.stopCallBack };
      const touchesUrls = urls.callBack !== undefined || urls.stopCallBack !== undefined;
      if (touchesUrls) {
        for (const [field, value] of Object.entries(urls)) {
          if (value === undefined) continue;
          const checked = checkCallbackUrl(value);
          if (!checked.ok) throw new ApiError(400, `${field}: ${t(`errors.callback.${checked.code}` as never)}`);
        }
      }
      if (body.automaticRecreditAmount !== undefined || body.creditThresholdForAutomaticRecredit !== undefined) {
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
      if (touchesUrls) {
        const saved = await saveCallbackUrls(ctx.db, { customerAccountId: ctx.principal.user.customerAccountId, serviceName: current.serviceName, ...urls });
        if (!saved.ok) refuse(CALLBACK_REFUSALS, saved);
      }
      return { body: null };
    },
  }),
  route({
    method: "POST",
    path: "/sms/{serviceName}/transferCredits",
    auth: "signed",
    permission: "transferCredits",
    summary:
      "Transfer credits to another SMS account of your customer account. Send an Idempotency-Key to retry safely; the X-Transfer-Id header gives the transfer's id.",
    body: transferBody,
    answer: answers.nullAnswer,
    example: { request: { credits: 10, smsAccountTarget: "sms-ab12345-2" }, response: null },
    handler: async (ctx) => {
      await account(ctx);
      const result = await transferCredits(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        source: ctx.params.serviceName!,
        target: ctx.body.smsAccountTarget,
        amount: ctx.body.credits,
        reference: ctx.body.reference ?? "",
        idempotency: ctx.idempotency,
        actor: actor(ctx),
      });
      countOutcome("transfers", "api", result);
      if (!result.ok) return refuse(TRANSFER_REFUSALS, result);
      return { body: null, headers: { "x-transfer-id": result.transfer.id, ...replayedHeader(result.replayed) } };
    },
  }),
  route({
    method: "POST",
    path: "/sms/{serviceName}/jobs",
    auth: "signed",
    permission: "sendSms",
    summary:
      "Send an SMS to one or more receivers (all or nothing when credits are short). OVHcloud's job schema: sender or senderForResponse (sent from the carrier's short number that takes replies), class (flash, phoneDisplay, sim, toolkit), coding (7bit, 8bit = UCS-2), charset (UTF-8), priority (high, medium, low, veryLow), validityPeriod and differedPeriod (minutes; a differed send is charged when accepted, handed off then, and can be cancelled until then with DELETE /sms/{serviceName}/jobs/{id}), tag, noStopClause. Any other field is refused.",
    body: sendBody,
    answer: answers.sendAnswer,
    example: {
      request: { charset: "UTF-8", class: "phoneDisplay", coding: "7bit", message: "Your code is 1234", noStopClause: true, priority: "high", receivers: ["+447400123456"], senderForResponse: true, validityPeriod: 2880 },
      response: { totalCreditsRemoved: 1, creditsLeft: 411.5, ids: [42], validReceivers: ["+447400123456"], invalidReceivers: [], tag: "" },
    },
    handler: async (ctx) => {
      const body = ctx.body;
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
  }),
  route({
    method: "GET",
    path: "/sms/{serviceName}/jobs",
    auth: "signed",
    summary: "Ids of the SMS not yet handed to the carrier (scheduled sends waiting for their time).",
    answer: answers.ids,
    example: { response: [43] },
    handler: async (ctx) => {
      const a = await account(ctx);
      return { body: (await outgoingIds(ctx.db, a.id, { pendingOnly: true })).map(Number) };
    },
  }),
  route({
    method: "GET",
    path: "/sms/{serviceName}/jobs/{id}",
    auth: "signed",
    summary: "One SMS not yet handed to the carrier, with the time it will be.",
    answer: answers.pendingJob,
    example: { response: { id: 43, creationDatetime: "2026-11-29T10:00:00.000Z", deliveryDatetime: "2026-11-29T11:00:00.000Z", credits: 1, message: "See you at 3", numberOfSms: 1, receiver: "+447400123456", sender: "Acme", ptt: 254, tag: "" } },
    handler: async (ctx) => {
      const a = await account(ctx);
      const o = await findOutgoing(ctx.db, a.id, pathId(ctx.params.id!), { pendingOnly: true });
      if (!o) throw new ApiError(404, `No pending job ${ctx.params.id}`);
      return { body: jobView(o) };
    },
  }),
  route({
    method: "DELETE",
    path: "/sms/{serviceName}/jobs/{id}",
    auth: "signed",
    permission: "sendSms",
    summary: "Cancel a scheduled send (one receiver's SMS of a job sent with differedPeriod) before its time: its credits are given back, once.",
    answer: answers.nullAnswer,
    example: { response: null },
    handler: async (ctx) => {
      const result = await cancelScheduledSms(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        serviceName: ctx.params.serviceName!,
        id: ctx.params.id!,
        actor: actor(ctx),
      });
      if (!result.ok) {
        refuse(CANCEL_REFUSALS, result);
      }
      return { body: null };
    },
  }),
  route({
    method: "GET",
    path: "/sms/{serviceName}/outgoing",
    auth: "signed",
    summary: "Ids of the SMS sent.",
    answer: answers.ids,
    example: { response: [42, 41] },
    handler: async (ctx) => {
      const a = await account(ctx);
      return { body: (await outgoingIds(ctx.db, a.id)).map(Number) };
    },
  }),
  route({
    method: "GET",
    path: "/sms/{serviceName}/outgoing/{id}",
    auth: "signed",
    summary: "One SMS sent, with its delivery state (ptt 0 delivered, 53 STOP, 254 pending, 801 expired).",
    answer: answers.outgoingSms,
    example: {
      response: { id: 42, creationDatetime: "2026-11-29T10:00:00.000Z", credits: 1, message: "Your code is 1234", messageLength: 17, numberOfSms: 1, receiver: "+447400123456", sender: "Acme", ptt: 0, deliveryReceipt: 1, sentAt: "2026-11-29T10:00:00.000Z", deliveredAt: "2026-11-29T10:00:01.000Z", tag: "" },
    },
    handler: async (ctx) => {
      const a = await account(ctx);
      const o = await findOutgoing(ctx.db, a.id, pathId(ctx.params.id!));
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
  }),
  route({
    method: "GET",
    path: "/order/sms/{serviceName}/credits",
    auth: "signed",
    summary: "Price of a quantity of credits.",
    answer: answers.order,
    example: {
      query: { quantity: "500" },
      response: { orderId: null, url: null, prices: { withoutTax: GBP(29), tax: GBP(5.8), withTax: GBP(34.8) }, details: [{ description: "500 SMS credits", quantity: 500, unitPrice: 0.058, totalPrice: GBP(29) }] },
    },
    handler: async (ctx) => {
      await account(ctx);
      const quantity = parseQuantity(ctx.query.get("quantity") ?? "");
      if (!quantity.ok) return refuse(QUANTITY_REFUSALS, quantityRefusal(quantity.error));
      const quote = await quoteForSubsidiary(ctx.db, ctx.principal.user.subsidiary as Subsidiary, quantity.value);
      if (!quote) return refuse(BUY_REFUSALS, { code: "no_price" });
      return { body: orderView(quote, null) };
    },
  }),
  route({
    method: "POST",
    path: "/order/sms/{serviceName}/credits",
    auth: "signed",
    permission: "buyCredits",
    summary: "Buy credits, paid with your default valid payment method.",
    body: orderBody,
    answer: answers.order,
    example: {
      request: { quantity: 500 },
      response: { orderId: 7, url: "/billing/orders/7", prices: { withoutTax: GBP(29), tax: GBP(5.8), withTax: GBP(34.8) }, details: [{ description: "500 SMS credits", quantity: 500, unitPrice: 0.058, totalPrice: GBP(29) }] },
    },
    handler: async (ctx) => {
      await account(ctx);
      const result = await buyCredits(ctx.db, {
        customerAccountId: ctx.principal.user.customerAccountId,
        subsidiary: ctx.principal.user.subsidiary as Subsidiary,
        serviceName: ctx.params.serviceName!,
        quantity: String(ctx.body.quantity),
        idempotency: ctx.idempotency,
        actor: actor(ctx),
      });
      countOutcome("purchases", "api", result);
      if (!result.ok) return refuse(BUY_REFUSALS, result);
      return { body: orderView({ ...result.order, unitPrice: parseUnitPrice(result.order.unitPrice) }, result.order.id), headers: replayedHeader(result.replayed) };
    },
  }),
];
