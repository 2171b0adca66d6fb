import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseTrustProxy } from "./http/forwarded.mjs";

/**
 * The environment, validated once. Without DATABASE_URL the panel runs on the embedded PGlite database in
 * PGLITE_DIR; with it, on a PostgreSQL server. AUTH_SECRET signs sessions: required in production, generated and kept
 * in .data/ for local use when missing.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  PGLITE_DIR: z.string().trim().min(1).default(path.join(".data", "pglite")),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** Set to "1" to refuse to generate a local secret even outside production. */
  AUTH_SECRET_REQUIRED: z.enum(["0", "1"]).default("0"),
  /** Seed demo data when the embedded database is empty (default on). */
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  /** Signed API requests each application may make per 10 seconds (shared by every app instance). */
  /** Run the job queue's worker in this app instance ("1", the default), or not ("0": a separate `npm run worker` does). */
  WORKER: z.enum(["0", "1"]).default("1"),
  API_RATE_LIMIT: z.coerce.number().int("API_RATE_LIMIT must be a whole number").min(1, "API_RATE_LIMIT must be at least 1").default(500),
  /** The address users and scripts use (https://panel.example.com): the base of links, and an origin signatures may name. */
  PUBLIC_URL: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const url = URL.canParse(v) ? new URL(v) : null;
      if (!url || !["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash || url.pathname !== "/") {
        ctx.addIssue({ code: "custom", message: "PUBLIC_URL must be an http:// or https:// origin, such as https://panel.example.com" });
        return z.NEVER;
      }
      return url.origin;
    })
    .optional(),
  /**
   * The SMTP server low-balance alert e-mails go through (smtp://user:password@host:587, smtps://host:465). Without
   * it, e-mail alerts are off (the panel says so); webhooks still work.
   */
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && ["smtp:", "smtps:"].includes(new URL(v).protocol) && new URL(v).hostname !== "", "SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.com:587")
    .optional(),
  /** The sender of alert e-mails. Default: no-reply at PUBLIC_URL's host (or localhost). */
  SMTP_FROM: z.string().trim().email("SMTP_FROM must be an e-mail address, such as alerts@example.com").optional(),
  /** Proxies whose X-Forwarded-* are believed: addresses or CIDRs separated by commas, or `loopback`. Default: none. */
  TRUST_PROXY: z
    .string()
    .default("")
    .refine((v) => {
      try {
        parseTrustProxy(v);
        return true;
      } catch {
        return false;
      }
    }, "TRUST_PROXY must be IP addresses or CIDRs separated by commas (or loopback, linklocal, uniquelocal)"),
  /** A session unused for this many minutes ends (idle timeout). */
  SESSION_IDLE_MINUTES: z.coerce.number().int("SESSION_IDLE_MINUTES must be a whole number").min(1, "SESSION_IDLE_MINUTES must be at least 1").max(24 * 60, "SESSION_IDLE_MINUTES must be at most 1440").default(60),
  /** A session ends this many hours after its login, however active (absolute lifetime). */
  SESSION_MAX_HOURS: z.coerce.number().int("SESSION_MAX_HOURS must be a whole number").min(1, "SESSION_MAX_HOURS must be at least 1").max(24 * 30, "SESSION_MAX_HOURS must be at most 720").default(12),
  /** "0" behind a transaction pooler: hot-path statements are sent unnamed (db/client.ts namedStatement). */
  DATABASE_NAMED_STATEMENTS: z.enum(["0", "1"]).default("1"),
  /** "1" lets callBack / stopCallBack URLs lead to loopback or private addresses in production (tests, an internal receiver). */
  CALLBACK_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string };

function localSecret(): string {
  const file = path.join(".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function load(): Env {
  const parsed = schema.safeParse({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    AUTH_SECRET: process.env.AUTH_SECRET || undefined,
    PUBLIC_URL: process.env.PUBLIC_URL || undefined,
    SMTP_URL: process.env.SMTP_URL || undefined,
    SMTP_FROM: process.env.SMTP_FROM || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const value = parsed.data;
  let secret = value.AUTH_SECRET;
  if (!secret && process.env.NEXT_PHASE === "phase-production-build") {
    // `next build` evaluates modules but never signs a session: an ephemeral secret, never written anywhere.
    secret = randomBytes(32).toString("base64url");
  }
  if (!secret) {
    if (value.NODE_ENV === "production" || value.AUTH_SECRET_REQUIRED === "1") {
      throw new Error("AUTH_SECRET is required in production: set it to a random string of 32 characters or more.");
    }
    secret = localSecret();
  }
  return { ...value, AUTH_SECRET: secret };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= load();
  return cached;
}
