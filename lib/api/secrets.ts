import "server-only";
import { customAlphabet } from "nanoid";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const keys = new Map<string, Buffer>();

/**
 * Application secrets are needed in clear to check signatures, so they are stored encrypted (AES-256-GCM, key
 * derived from AUTH_SECRET with HKDF), never hashed, and shown to the user once. The key is derived once per
 * AUTH_SECRET: every signed call decrypts its application's secret (issue 12).
 */
function key(authSecret: string): Buffer {
  let derived = keys.get(authSecret);
  if (!derived) {
    derived = Buffer.from(hkdfSync("sha256", authSecret, "sms-panel", "api-application-secret", 32));
    keys.set(authSecret, derived);
  }
  return derived;
}

export function encryptSecret(secret: string, authSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(authSecret), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), data.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function decryptSecret(stored: string, authSecret: string): string {
  const [version, iv, data, tag] = stored.split(".");
  if (version !== "v1" || !iv || !data || !tag) throw new Error("Unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", key(authSecret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** Random keys in the alphabet OVHcloud uses (letters and digits), from a CSPRNG without modulo bias. */
export const randomKey: (length: number) => string = customAlphabet(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
);
