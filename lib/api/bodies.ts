import { z } from "zod";
import en from "@/messages/en.json";
import { CODINGS, PRIORITIES, SMS_CLASSES } from "@/lib/sms/send";
import { creditsNumber, quantityNumber, text } from "@/lib/validation/common";

/**
 * The JSON body of every API write, in one place, from the same pieces as the panel's forms: text free of NUL,
 * JSON numbers that are numbers (never "100" or [100]). The domain function then checks its own rules (amount
 * precision, quantity range, recipients) and answers the same refusals as in the panel.
 */
const bool = (name: string) => z.boolean({ message: `${name} must be true or false.` });

export const estimateBody = z.object({
  message: text("message (string) is required."),
  noStopClause: bool("noStopClause").optional(),
});

export const updateSmsBody = z.object({
  description: text("description must be a string.").optional(),
  automaticRecreditAmount: z.number({ message: "automaticRecreditAmount must be a number or null." }).nullable().optional(),
  creditThresholdForAutomaticRecredit: creditsNumber("creditThresholdForAutomaticRecredit must be a number.").optional(),
});

export const transferBody = z.object({
  credits: creditsNumber("credits must be a number."),
  smsAccountTarget: text("smsAccountTarget must be a string.").max(100, "smsAccountTarget is too long."),
  reference: text().optional(),
});

/** Minutes as OVHcloud takes them: a whole number in a range. */
const minutes = (name: string, min: number, max: number) =>
  z.number({ message: `${name} must be a number of minutes.` }).int(`${name} must be a whole number of minutes.`).min(min, `${name} must be between ${min} and ${max} minutes.`).max(max, `${name} must be between ${min} and ${max} minutes.`);
const oneOf = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { message: `${name} must be one of ${values.join(", ")}.` });

/**
 * OVHcloud's schema for a job (sms.SmsSendingJob), every field with its type and enum; a field outside it is
 * refused, as OVHcloud does. receiversDocumentUrl and receiversSlotId (receivers from an uploaded document) are known
 * but not offered here: they are refused with that reason rather than ignored.
 */
export const sendBody = z.strictObject(
  {
    message: text("message (string) is required."),
    receivers: z.array(text("receivers must be a list of phone numbers.").max(64, "receivers: a number is too long."), { message: "receivers must be a list of phone numbers." }).max(10_000, "receivers: at most 10,000 numbers."),
    sender: text("sender must be a string.").optional(),
    senderForResponse: bool("senderForResponse").optional(),
    noStopClause: bool("noStopClause").optional(),
    tag: text("tag must be a string.").max(128, "tag is too long (128 characters at most).").optional(),
    class: oneOf("class", SMS_CLASSES).optional(),
    coding: oneOf("coding", CODINGS).optional(),
    charset: oneOf("charset", ["UTF-8"]).optional(),
    priority: oneOf("priority", PRIORITIES).optional(),
    validityPeriod: minutes("validityPeriod", 1, 20_160).optional(),
    differedPeriod: minutes("differedPeriod", 0, 525_600).optional(),
    receiversDocumentUrl: z.never({ message: "receiversDocumentUrl is not supported here: send the numbers in receivers." }).optional(),
    receiversSlotId: z.never({ message: "receiversSlotId is not supported here: send the numbers in receivers." }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}: not in OVHcloud's schema for a job.` : undefined) },
);

export const orderBody = z.object({
  quantity: quantityNumber("quantity must be a number."),
});

const english = en.validation as Record<string, string>;

/** The body as `schema` reads it, or an English message naming the first field at fault. */
export function parseJsonBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.infer<S> } | { ok: false; message: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, message: "The body must be a JSON object." };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".");
  const message = issue.message.startsWith("validation.") ? english[issue.message.slice("validation.".length)] ?? "This value is not valid." : issue.message;
  return { ok: false, message: !field || message.startsWith(field) ? message : `${field}: ${message}` };
}
