import { z } from "zod";

/**
 * The answers of the API (200 bodies), in OVHcloud's shapes: each route of the table names its own, the OpenAPI
 * document describes them, and the tests check every example against them.
 */
const price = z.object({ currencyCode: z.string(), text: z.string(), value: z.number() });

export const nullAnswer = z.null();
export const serverTime = z.number().int();
export const serviceNames = z.array(z.string());
export const ids = z.array(z.number().int());

export const credentialAnswer = z.object({ consumerKey: z.string(), state: z.string(), validationUrl: z.string() });

export const currentCredential = z.object({
  credentialId: z.number().int(),
  applicationId: z.number().int(),
  rules: z.array(z.object({ method: z.string(), path: z.string() })),
  status: z.string(),
  creation: z.string(),
  expiration: z.string().nullable(),
  lastUse: z.string().nullable(),
  allowedIPs: z.array(z.string()).nullable(),
});

export const smsAccount = z.object({
  name: z.string(),
  description: z.string(),
  status: z.enum(["enable", "disable"]),
  creditsLeft: z.number(),
  creditsHoldByQuota: z.number(),
  automaticRecreditAmount: z.union([z.literal(100), z.literal(200), z.literal(250), z.literal(500), z.literal(1000), z.literal(5000), z.literal(10000)]).nullable(),
  creditThresholdForAutomaticRecredit: z.number(),
  channel: z.string(),
  smpp: z.boolean(),
  callBack: z.string(),
  stopCallBack: z.string(),
  smsResponse: z.record(z.string(), z.unknown()),
  templates: z.record(z.string(), z.unknown()),
  userQuantityWithQuota: z.number(),
});

export const sendAnswer = z.object({
  totalCreditsRemoved: z.number(),
  creditsLeft: z.number(),
  ids: z.array(z.number().int()),
  validReceivers: z.array(z.string()),
  invalidReceivers: z.array(z.string()),
  tag: z.string(),
});

/** A scheduled send not yet handed to the carrier (GET /sms/{serviceName}/jobs/{id}). */
export const pendingJob = z.object({
  id: z.number().int(),
  creationDatetime: z.string(),
  deliveryDatetime: z.string(),
  credits: z.number(),
  message: z.string(),
  numberOfSms: z.number().int(),
  receiver: z.string(),
  sender: z.string(),
  ptt: z.number().int(),
  tag: z.string(),
});

export const outgoingSms = z.object({
  id: z.number().int(),
  creationDatetime: z.string(),
  credits: z.number(),
  message: z.string(),
  messageLength: z.number().int(),
  numberOfSms: z.number().int(),
  receiver: z.string(),
  sender: z.string(),
  ptt: z.number().int(),
  deliveryReceipt: z.number().int(),
  sentAt: z.string(),
  deliveredAt: z.string().nullable(),
  tag: z.string(),
});

export const estimate = z.object({ characters: z.number().int(), charactersClass: z.enum(["7bits", "unicode"]), maxCharactersPerPart: z.number().int(), parts: z.number().int() });

export const destinationRate = z.object({ country: z.string().optional(), countryCode: z.string(), credit: z.number(), price, vatRate: z.number() });

export const packs = z.array(z.object({ creditQuantityMin: z.number().int(), creditQuantityMax: z.number().int().nullable(), creditPrice: price, vatRate: z.number() }));

export const order = z.object({
  orderId: z.number().int().nullable(),
  url: z.string().nullable(),
  prices: z.object({ withoutTax: price, tax: price, withTax: price }),
  details: z.array(z.object({ description: z.string(), quantity: z.number().int(), unitPrice: z.number(), totalPrice: price })),
});

/** The OpenAPI document itself (GET /openapi.json). */
export const openApi = z.object({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) }).loose();
