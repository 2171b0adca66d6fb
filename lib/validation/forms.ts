import { z } from "zod";
import { VALIDITIES } from "@/lib/api/credentials";
import { creditsText, formToken, id, serviceName, text } from "./common";

/**
 * The form of every server action, in one place. Each field is text free of NUL characters, bounded; ids are
 * canonical decimal strings within the column's range. Rules of the domain (amounts, quantities, recipients) are
 * checked by the domain function the action calls, which answers the precise refusal.
 */
export const descriptionForm = z.object({
  serviceName: serviceName(),
  description: text().max(1000, "validation.invalid"),
});

export const buyForm = z.object({
  serviceName: serviceName(),
  quantity: text().max(40, "validation.invalid"),
  paymentMethodId: id("validation.choosePaymentMethod"),
  token: formToken(),
});

export const sendForm = z.object({
  serviceName: serviceName(),
  receivers: text().max(100_000, "validation.invalid").trim().min(1, "validation.recipientsRequired"),
  sender: text().max(100, "validation.invalid").trim().min(1, "validation.required"),
  message: text().max(10_000, "validation.invalid").min(1, "validation.messageRequired"),
  noStopClause: text().max(10, "validation.invalid").optional(),
  token: formToken(),
});

export const transferForm = z.object({
  source: serviceName("validation.chooseSource"),
  target: serviceName("validation.chooseTarget"),
  amount: creditsText(),
  reference: text().max(1000, "validation.invalid").optional().default(""),
  token: formToken(),
});

export const recreditForm = z.object({
  serviceName: serviceName(),
  threshold: creditsText(),
  amount: text().max(40, "validation.invalid"),
  /** The monthly spending cap ("" for none); absent keeps it. */
  monthlyCap: text().max(40, "validation.invalid").optional(),
});

/** callBack / stopCallBack of an SMS account: the domain (lib/sms/callbacks.ts) checks the URLs themselves. */
export const callbacksForm = z.object({
  serviceName: serviceName(),
  callBack: text().max(4096, "validation.invalid").default(""),
  stopCallBack: text().max(4096, "validation.invalid").default(""),
});

/** The cancel button of a scheduled send: the SMS's id as the path and the API have it. */
export const cancelSendForm = z.object({
  serviceName: serviceName(),
  id: text().max(40, "validation.invalid"),
});

/** The low-balance alert: threshold ("" for off), webhook URL, and one checkbox `recipient-{userId}` per chosen user. */
export const alertForm = z
  .object({
    serviceName: serviceName(),
    threshold: creditsText().optional().default(""),
    webhookUrl: text().max(1000, "validation.invalid").optional().default(""),
    rotateSecret: z.literal("on").optional(),
  })
  .catchall(text().max(10, "validation.invalid"));

/** The user ids of an alert form's checked `recipient-{id}` boxes. */
export function alertRecipientIds(input: Record<string, unknown>): number[] {
  return Object.keys(input)
    .map((key) => /^recipient-(\d{1,9})$/.exec(key)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

export const createApplicationForm = z.object({
  name: text().trim().min(1, "validation.required").max(60, "validation.invalid"),
  description: text().trim().max(200, "validation.invalid").optional().default(""),
});

/** A form that names one row by its id (revoke a credential, validate or revoke a payment method). */
export const idForm = z.object({ id: id() });

export const sepaForm = z.object({
  holder: text().trim().min(1, "validation.required").max(100, "validation.invalid"),
  iban: text().trim().min(1, "validation.required").max(50, "validation.invalid"),
  bic: text().trim().min(1, "validation.required").max(20, "validation.invalid"),
  acceptMandate: z.literal("on", { message: "validation.acceptMandate" }),
});

export const cardForm = z.object({
  holder: text().trim().min(1, "validation.required").max(100, "validation.invalid"),
  number: text().trim().min(1, "validation.required").max(30, "validation.invalid"),
  expiry: text().trim().min(1, "validation.required").max(7, "validation.invalid"),
});

const validities = Object.keys(VALIDITIES) as [keyof typeof VALIDITIES, ...Array<keyof typeof VALIDITIES>];

export const decideCredentialForm = z.object({
  token: text().min(10, "validation.invalid").max(64, "validation.invalid"),
  decision: z.enum(["grant", "refuse"], { message: "validation.invalid" }),
  validity: z.enum(validities, { message: "validation.invalid" }),
});

