import { z } from "zod";
import en from "@/messages/en.json";
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

export const sendBody = z.object({
  message: text("message (string) is required."),
  receivers: z.array(text("receivers must be a list of phone numbers.").max(64, "receivers: a number is too long."), { message: "receivers must be a list of phone numbers." }).max(10_000, "receivers: at most 10,000 numbers."),
  sender: text().optional(),
  noStopClause: bool("noStopClause").optional(),
  tag: text().optional(),
});

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
