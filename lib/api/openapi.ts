/**
 * The OpenAPI 3.1 description of the API, served at /1.0/openapi.json; the panel's API docs page is generated from
 * it. Each operation carries an example (x-example: request and response) for the docs.
 */
type Op = {
  method: "get" | "post" | "put";
  path: string;
  summary: string;
  auth: boolean;
  request?: unknown;
  response: unknown;
  query?: Record<string, string>;
};

export const OPERATIONS: Op[] = [
  { method: "get", path: "/auth/time", summary: "Server time (unix seconds), to sign with the right timestamp.", auth: false, response: 1795910400 },
  {
    method: "post",
    path: "/auth/credential",
    summary: "Ask for a consumer key with access rules (application key only). A user opens validationUrl in the panel and grants it.",
    auth: false,
    request: { accessRules: [{ method: "GET", path: "/sms*" }, { method: "POST", path: "/sms/*" }], redirection: "https://example.com/done" },
    response: { consumerKey: "n8ZdB4r1sHk0G0u1W5GOWQk0gX8Y8m2R", state: "pendingValidation", validationUrl: "https://panel.example.com/api-keys/validate/…" },
  },
  { method: "get", path: "/auth/currentCredential", summary: "The credential making the call.", auth: true, response: { credentialId: 12, applicationId: 3, rules: [{ method: "GET", path: "/sms*" }], status: "validated", creation: "2026-11-29T10:00:00.000Z", expiration: "2026-11-30T10:00:00.000Z", lastUse: null, allowedIPs: null } },
  { method: "post", path: "/auth/logout", summary: "Revoke the credential making the call.", auth: true, response: null },
  { method: "get", path: "/sms", summary: "Your SMS accounts.", auth: true, response: ["sms-ab12345-1", "sms-ab12345-2"] },
  { method: "get", path: "/sms/{serviceName}", summary: "One SMS account: balance and automatic re-credit.", auth: true, response: { name: "sms-ab12345-1", description: "Marketing campaigns", status: "enable", creditsLeft: 412.5, creditsHoldByQuota: 0, automaticRecreditAmount: null, creditThresholdForAutomaticRecredit: 0 } },
  {
    method: "put",
    path: "/sms/{serviceName}",
    summary: "Change the description or the automatic re-credit (same conditions and messages as the panel). Read-only fields are refused.",
    auth: true,
    request: { automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 412 },
    response: null,
  },
  {
    method: "post",
    path: "/sms/{serviceName}/transferCredits",
    summary: "Transfer credits to another SMS account of your customer account. Send an Idempotency-Key to retry safely; the X-Transfer-Id header gives the transfer's id.",
    auth: true,
    request: { credits: 10, smsAccountTarget: "sms-ab12345-2" },
    response: null,
  },
  {
    method: "post",
    path: "/sms/{serviceName}/jobs",
    summary:
      "Send an SMS to one or more receivers (all or nothing when credits are short). OVHcloud's job schema: sender or senderForResponse (sent from the carrier's short number that takes replies), class (flash, phoneDisplay, sim, toolkit), coding (7bit, 8bit = UCS-2), charset (UTF-8), priority (high, medium, low, veryLow), validityPeriod and differedPeriod (minutes; a differed send is charged when accepted and handed off then), tag, noStopClause. Any other field is refused.",
    auth: true,
    request: { charset: "UTF-8", class: "phoneDisplay", coding: "7bit", message: "Your code is 1234", noStopClause: true, priority: "high", receivers: ["+447400123456"], senderForResponse: true, validityPeriod: 2880 },
    response: { totalCreditsRemoved: 1, creditsLeft: 411.5, ids: [42], validReceivers: ["+447400123456"], invalidReceivers: [], tag: "" },
  },
  { method: "get", path: "/sms/{serviceName}/outgoing", summary: "Ids of the SMS sent.", auth: true, response: [42, 41] },
  { method: "get", path: "/sms/{serviceName}/outgoing/{id}", summary: "One SMS sent, with its delivery state (ptt 0 delivered, 53 STOP, 254 pending, 801 expired).", auth: true, response: { id: 42, creationDatetime: "2026-11-29T10:00:00.000Z", credits: 1, message: "Your code is 1234", messageLength: 17, numberOfSms: 1, receiver: "+447400123456", sender: "Acme", ptt: 0, deliveryReceipt: 1, sentAt: "2026-11-29T10:00:00.000Z", deliveredAt: "2026-11-29T10:00:01.000Z", tag: "" } },
  { method: "post", path: "/sms/estimate", summary: "Encoding and parts of a message.", auth: true, request: { message: "Prix: 10€", noStopClause: false, senderType: "alpha" }, response: { characters: 10, charactersClass: "7bits", maxCharactersPerPart: 160, parts: 1 } },
  { method: "get", path: "/sms/rates/destinations", summary: "Credits and price of one SMS to a destination.", auth: false, query: { country: "in", billingCountry: "gb" }, response: { country: "India", countryCode: "in", credit: 0.4, price: { currencyCode: "GBP", text: "0.02 GBP", value: 0.02 }, vatRate: 20 } },
  { method: "get", path: "/sms/rates/packs", summary: "Degressive price tiers of credit packs.", auth: false, query: { billingCountry: "gb" }, response: [{ creditQuantityMin: 100, creditQuantityMax: 499, creditPrice: { currencyCode: "GBP", text: "0.06 GBP", value: 0.06 }, vatRate: 20 }] },
  { method: "get", path: "/order/sms/{serviceName}/credits", summary: "Price of a quantity of credits.", auth: true, query: { quantity: "500" }, response: { orderId: null, url: null, prices: { withoutTax: { currencyCode: "GBP", text: "29.00 GBP", value: 29 }, tax: { currencyCode: "GBP", text: "5.80 GBP", value: 5.8 }, withTax: { currencyCode: "GBP", text: "34.80 GBP", value: 34.8 } } } },
  { method: "post", path: "/order/sms/{serviceName}/credits", summary: "Buy credits, paid with your default valid payment method.", auth: true, request: { quantity: 500 }, response: { orderId: 7, url: "/billing/orders/7", prices: { withTax: { currencyCode: "GBP", text: "34.80 GBP", value: 34.8 } } } },
];

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = Object.keys(op.query ?? {}).map((name) => ({ name, in: "query", required: false, schema: { type: "string" }, example: op.query![name] }));
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      security: op.auth ? [{ ovhSignature: [] }] : [],
      parameters: [...params, ...query],
      ...(op.request !== undefined ? { requestBody: { required: true, content: { "application/json": { schema: { type: "object" }, example: op.request } } } } : {}),
      responses: {
        "200": { description: "Success (body null for operations without a result)", content: { "application/json": { example: op.response } } },
        "400": { description: "Refused: { class: \"Client::BadRequest\", message }" },
        "403": { description: "Auth layer: { errorCode: INVALID_SIGNATURE | INVALID_CREDENTIAL | NOT_GRANTED_CALL | QUERY_TIME_OUT, message }" },
        "404": { description: "Not found, or not yours: { class: \"Client::NotFound\", message }" },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SMS credits panel API (OVHcloud v1 dialect)",
      version: "1.0",
      description:
        "Signed like OVHcloud's API: X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature = \"$1$\" + sha1(secret+consumerKey+METHOD+fullUrl+body+timestamp). OVHcloud's official clients work unchanged.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        ovhSignature: { type: "apiKey", in: "header", name: "X-Ovh-Signature", description: "With X-Ovh-Application, X-Ovh-Consumer and X-Ovh-Timestamp." },
      },
    },
    paths,
  };
}
