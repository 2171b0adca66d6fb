import { isIP } from "node:net";
import { z } from "zod";
import en from "@/messages/en.json";
import { CODINGS, PRIORITIES, SMS_CLASSES } from "@/lib/sms/send";
import { creditsNumber, quantityNumber, text } from "@/lib/validation/common";
import { METHODS } from "./credentials";

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

/** Fields of an SMS account (GET /sms/{serviceName}) that PUT refuses to change. */
const READ_ONLY = new Set(["name", "status", "creditsLeft", "creditsHoldByQuota", "channel", "smpp", "userQuantityWithQuota"]);

/**
 * The writable fields of an SMS account, as OVHcloud names them. smsResponse and templates are OVHcloud's too: taken,
 * and left as they are (this panel has no answering service or templates). A read-only field or an unknown one is refused.
 */
export const updateSmsBody = z.strictObject(
  {
    description: text("description must be a string.").optional(),
    automaticRecreditAmount: z.number({ message: "automaticRecreditAmount must be a number or null." }).nullable().optional(),
    creditThresholdForAutomaticRecredit: creditsNumber("creditThresholdForAutomaticRecredit must be a number.").optional(),
    callBack: text("callBack must be a string (a URL, or \"\" for none).").optional(),
    stopCallBack: text("stopCallBack must be a string (a URL, or \"\" for none).").optional(),
    smsResponse: z.unknown().optional(),
    templates: z.unknown().optional(),
  },
  {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const field = issue.keys[0]!;
      return READ_ONLY.has(field) ? `${field} is read-only.` : `Unknown field ${field}.`;
    },
  },
);

const RULES_MESSAGE = 'accessRules must be a list of { method: GET|POST|PUT|DELETE|PATCH, path: "/..." }.';
const IPS_MESSAGE = "allowedIPs must be a list of IP addresses.";

/** POST /auth/credential: the access rules asked for, where to send the user back, and the addresses allowed. */
export const credentialBody = z.object({
  accessRules: z
    .array(
      z.object(
        {
          method: z.enum(METHODS, { message: RULES_MESSAGE }),
          path: z.string({ message: RULES_MESSAGE }).startsWith("/", RULES_MESSAGE).max(200, RULES_MESSAGE),
        },
        { message: RULES_MESSAGE },
      ),
      { message: RULES_MESSAGE },
    )
    .min(1, RULES_MESSAGE)
    .max(50, RULES_MESSAGE),
  /** Where the validation page sends the user back: an http(s) URL, anything else is ignored (as OVHcloud does). */
  redirection: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === "string" && /^https?:\/\//.test(v) ? v : null))
    .pipe(z.string().nullable()),
  allowedIPs: z
    .array(z.string({ message: IPS_MESSAGE }).refine((ip) => isIP(ip) !== 0, IPS_MESSAGE), { message: IPS_MESSAGE })
    .max(50, IPS_MESSAGE)
    .nullable()
    .optional(),
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
  // A message that names its field already ("receivers must be…" for receivers.3) is shown as it is.
  const named = issue.path.length > 0 && message.startsWith(String(issue.path[0]));
  return { ok: false, message: !field || named ? message : `${field}: ${message}` };
}
