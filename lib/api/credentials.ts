import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { preparedRead, type Db, type DbOrTx } from "@/db/client";
import { apiApplications, apiCredentials, customerAccounts, users, type ApiApplication, type ApiCredential } from "@/db/schema";
import { can, type Role } from "@/lib/auth/permissions";
import { refusalTable } from "@/lib/refusals";
import { decryptSecret, encryptSecret, randomKey } from "./secrets";

/**
 * API applications and consumer keys, as OVHcloud's API has them. An application (key + secret) asks for a consumer
 * key with access rules; a signed-in user opens the validation URL and grants it (for a validity) or refuses it. A
 * granted credential acts with that user's tenant and role, and only on the methods and paths of its rules.
 */
export const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;
export type AccessRule = { method: (typeof METHODS)[number]; path: string };
export const VALIDITIES = { "1h": 3600, "1d": 86400, "30d": 30 * 86400, unlimited: null } as const;

export async function createApplication(
  db: Db,
  input: { customerAccountId: number; userId: number; name: string; description: string; authSecret: string },
): Promise<{ application: ApiApplication; secret: string }> {
  const secret = randomKey(32);
  const [application] = await db
    .insert(apiApplications)
    .values({
      customerAccountId: input.customerAccountId,
      createdByUserId: input.userId,
      name: input.name.trim(),
      description: input.description.trim(),
      applicationKey: randomKey(16),
      secretEncrypted: encryptSecret(secret, input.authSecret),
    })
    .returning();
  return { application: application!, secret };
}

export function applicationSecret(application: ApiApplication, authSecret: string): string {
  return decryptSecret(application.secretEncrypted, authSecret);
}

export async function findApplication(db: DbOrTx, applicationKey: string): Promise<ApiApplication | null> {
  const [app] = await db
    .select()
    .from(apiApplications)
    .where(and(eq(apiApplications.applicationKey, applicationKey), isNull(apiApplications.revokedAt)));
  return app ?? null;
}

/** Parses access rules from a request body; null when they are not a list of { method, path } with a known method. */
/** Whether a call (method and path under /1.0, without the query) is granted by a rule; "*" matches any characters. */
export function isGranted(rules: Array<{ method: string; path: string }>, method: string, path: string): boolean {
  return rules.some((rule) => {
    if (rule.method !== method) return false;
    const pattern = new RegExp(`^${rule.path.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    return pattern.test(path);
  });
}

export async function requestCredential(
  db: Db,
  input: { application: ApiApplication; rules: AccessRule[]; redirection?: string | null; allowedIps?: string[] | null },
): Promise<ApiCredential> {
  const [credential] = await db
    .insert(apiCredentials)
    .values({
      applicationId: input.application.id,
      consumerKey: randomKey(32),
      validationToken: randomKey(24),
      rules: input.rules,
      redirection: input.redirection ?? null,
      allowedIps: input.allowedIps ?? null,
    })
    .returning();
  return credential!;
}

/** A pending request lives for a day. */
export const PENDING_VALIDITY_MS = 24 * 3600 * 1000;

/** The status a person should see: a pending request older than a day can no longer be granted, so it reads expired. */
export function credentialStatus(credential: Pick<ApiCredential, "status" | "createdAt">, now = new Date()): ApiCredential["status"] {
  if (credential.status === "pendingValidation" && credential.createdAt.getTime() <= now.getTime() - PENDING_VALIDITY_MS) return "expired";
  return credential.status;
}

/**
 * The credential behind a validation URL, for a user of the application's own customer account (an application
 * acts only on its customer's data), while the application is active.
 */
export async function findCredentialByToken(db: DbOrTx, token: string, customerAccountId: number) {
  const [row] = await db
    .select({ credential: apiCredentials, application: apiApplications })
    .from(apiCredentials)
    .innerJoin(apiApplications, eq(apiApplications.id, apiCredentials.applicationId))
    .where(
      and(
        eq(apiCredentials.validationToken, token),
        eq(apiApplications.customerAccountId, customerAccountId),
        isNull(apiApplications.revokedAt),
      ),
    );
  return row ?? null;
}

/**
 * A granted consumer key acts as the user who granted it, on the calls of its rules: granting needs a role that may
 * change the account (admin, billing). A viewer cannot hand out more than reading; the validation page says so.
 */
export function mayGrant(role: Role): boolean {
  return can(role, "editAccount");
}

export type CredentialRefusal = { code: "alreadyDecided" } | { code: "roleCannotGrant" } | { code: "not_found" };

export const CREDENTIAL_REFUSALS = refusalTable<CredentialRefusal>("api", {
  alreadyDecided: {},
  roleCannotGrant: {},
  not_found: { status: 404, message: "accountNotFound" },
});

export type DecideResult = { ok: true; credential: ApiCredential } | { ok: false; code: "alreadyDecided" | "roleCannotGrant" };

/** Grants or refuses a pending credential; only once, and a grant only by a role that may change the account. */
export async function decideCredential(
  db: Db,
  input: { token: string; userId: number; role: Role; customerAccountId: number; grant: boolean; validity: keyof typeof VALIDITIES; now?: Date },
): Promise<DecideResult> {
  if (input.grant && !mayGrant(input.role)) return { ok: false, code: "roleCannotGrant" };
  const now = input.now ?? new Date();
  const found = await findCredentialByToken(db, input.token, input.customerAccountId);
  if (!found || credentialStatus(found.credential, now) !== "pendingValidation") return { ok: false, code: "alreadyDecided" };
  const seconds = VALIDITIES[input.validity];
  const [updated] = await db
    .update(apiCredentials)
    .set(
      input.grant
        ? { status: "validated", userId: input.userId, expiresAt: seconds === null ? null : new Date(now.getTime() + seconds * 1000) }
        : { status: "refused", userId: input.userId },
    )
    .where(and(eq(apiCredentials.validationToken, input.token), eq(apiCredentials.status, "pendingValidation")))
    .returning();
  return updated ? { ok: true, credential: updated } : { ok: false, code: "alreadyDecided" };
}

export type ApiPrincipal = {
  credential: ApiCredential;
  application: ApiApplication;
  user: { id: number; email: string; role: Role; customerAccountId: number; subsidiary: string };
};

/** Read by every signed call: prepared once (db/client.ts preparedRead). */
const principalByKeys = preparedRead("api_principal_by_keys", (db) =>
  db
    .select({ credential: apiCredentials, application: apiApplications, user: users, subsidiary: customerAccounts.subsidiary })
    .from(apiCredentials)
    .innerJoin(apiApplications, eq(apiApplications.id, apiCredentials.applicationId))
    .leftJoin(users, eq(users.id, apiCredentials.userId))
    .leftJoin(customerAccounts, eq(customerAccounts.id, users.customerAccountId))
    .where(and(eq(apiCredentials.consumerKey, sql.placeholder("consumerKey")), eq(apiApplications.applicationKey, sql.placeholder("applicationKey")))),
);

/** The credential behind a consumer key with its application and granting user, if usable now. */
export async function loadPrincipal(db: DbOrTx, applicationKey: string, consumerKey: string, now = new Date()) {
  const [row] = await principalByKeys(db, { consumerKey, applicationKey });
  if (!row || row.application.revokedAt) return { ok: false as const, code: "INVALID_CREDENTIAL" as const };
  // A credential acts only on the data of its application's customer account.
  if (row.user && row.user.customerAccountId !== row.application.customerAccountId) {
    return { ok: false as const, code: "INVALID_CREDENTIAL" as const };
  }
  if (row.credential.status !== "validated" || !row.user || !row.subsidiary) return { ok: false as const, code: "INVALID_CREDENTIAL" as const };
  if (row.credential.expiresAt && row.credential.expiresAt <= now) return { ok: false as const, code: "INVALID_CREDENTIAL" as const };
  return {
    ok: true as const,
    principal: {
      credential: row.credential,
      application: row.application,
      user: { id: row.user.id, email: row.user.email, role: row.user.role, customerAccountId: row.user.customerAccountId, subsidiary: row.subsidiary },
    } satisfies ApiPrincipal,
  };
}

/** How stale a credential's "last used" may get: writing it on every call would add a commit to each request. */
export const LAST_USE_RESOLUTION_MS = 60_000;

/** Notes that a credential was used (at most once a minute; the API page shows it to the minute). Never waited for. */
export function recordCredentialUse(db: DbOrTx, credential: { id: number; lastUseAt: Date | null }, now = new Date()): void {
  if (credential.lastUseAt && now.getTime() - credential.lastUseAt.getTime() < LAST_USE_RESOLUTION_MS) return;
  void db.update(apiCredentials).set({ lastUseAt: now }).where(eq(apiCredentials.id, credential.id)).catch(() => undefined);
}

export async function revokeCredential(db: Db, customerAccountId: number, id: number): Promise<boolean> {
  const [row] = await db
    .select({ id: apiCredentials.id })
    .from(apiCredentials)
    .innerJoin(apiApplications, eq(apiApplications.id, apiCredentials.applicationId))
    .where(and(eq(apiCredentials.id, id), eq(apiApplications.customerAccountId, customerAccountId)));
  if (!row) return false;
  await db.update(apiCredentials).set({ status: "revoked" }).where(eq(apiCredentials.id, id));
  return true;
}

/**
 * Deletes an application of the customer: it stops signing at once (findApplication skips it) and every consumer key
 * it holds is revoked, in one transaction. The row stays, marked revoked, so what it did remains attributable.
 */
export async function deleteApplication(db: Db, customerAccountId: number, applicationId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(apiApplications)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiApplications.id, applicationId), eq(apiApplications.customerAccountId, customerAccountId), isNull(apiApplications.revokedAt)))
      .returning({ id: apiApplications.id });
    if (!deleted) return false;
    await tx.update(apiCredentials).set({ status: "revoked" }).where(eq(apiCredentials.applicationId, deleted.id));
    return true;
  });
}

/** The customer's applications (deleted ones left out) and their consumer keys, newest first. */
export async function listApplications(db: DbOrTx, customerAccountId: number) {
  const apps = await db
    .select()
    .from(apiApplications)
    .where(and(eq(apiApplications.customerAccountId, customerAccountId), isNull(apiApplications.revokedAt)))
    .orderBy(desc(apiApplications.id));
  const creds = apps.length
    ? await db
        .select()
        .from(apiCredentials)
        .where(inArray(apiCredentials.applicationId, apps.map((a) => a.id)))
        .orderBy(desc(apiCredentials.id))
    : [];
  return apps.map((a) => ({ application: a, credentials: creds.filter((c) => c.applicationId === a.id) }));
}
