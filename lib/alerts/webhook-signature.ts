import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature of the panel's webhooks (low-balance alerts): HMAC-SHA256, keyed with the SMS account's webhook
 * secret, of `{timestamp}.{body}` — the timestamp (seconds since the epoch) is sent in its own header and signed with
 * the body, so a receiver can refuse a replayed or altered request. Headers:
 *   X-Sms-Panel-Timestamp: 1764455400
 *   X-Sms-Panel-Signature: sha256=<hex>
 * A receiver recomputes the HMAC over the raw body it received and compares in constant time (`verifyWebhook`).
 */
export const TIMESTAMP_HEADER = "X-Sms-Panel-Timestamp";
export const SIGNATURE_HEADER = "X-Sms-Panel-Signature";
/** A receiver should refuse a request whose timestamp is further than this from its clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers of a signed webhook request carrying `body`, sent at `now`. */
export function signedWebhookHeaders(secret: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "Content-Type": "application/json",
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
  };
}

/** What a receiver does: true when the signature matches the body and the timestamp is recent enough. */
export function verifyWebhook(
  secret: string,
  input: { body: string; timestamp: string | null | undefined; signature: string | null | undefined },
  now: Date = new Date(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp) || !input.signature) return false;
  const timestamp = Number(input.timestamp);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
