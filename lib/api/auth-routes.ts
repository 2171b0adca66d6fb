import "server-only";
import { eq } from "drizzle-orm";
import { apiCredentials } from "@/db/schema";
import { publicOrigin } from "@/lib/http/request-origin";
import * as answers from "./answers";
import { credentialBody } from "./bodies";
import { requestCredential } from "./credentials";
import { route, type Route } from "./table";

/** The /auth endpoints, as OVHcloud's API has them: the server's time, consumer keys, the credential in use. */
export const authRoutes: Route[] = [
  route({
    method: "GET",
    path: "/auth/time",
    auth: "public",
    summary: "Server time (unix seconds), to sign with the right timestamp.",
    answer: answers.serverTime,
    example: { response: 1795910400 },
    handler: async () => ({ body: Math.floor(Date.now() / 1000) }),
  }),
  route({
    method: "POST",
    path: "/auth/credential",
    auth: "application",
    summary: "Ask for a consumer key with access rules (application key only). A user opens validationUrl in the panel and grants it.",
    body: credentialBody,
    answer: answers.credentialAnswer,
    example: {
      request: { accessRules: [{ method: "GET", path: "/sms*" }, { method: "POST", path: "/sms/*" }], redirection: "https://example.com/done" },
      response: { consumerKey: "n8ZdB4r1sHk0G0u1W5GOWQk0gX8Y8m2R", state: "pendingValidation", validationUrl: "https://panel.example.com/api-keys/validate/…" },
    },
    handler: async ({ db, request, application, body }) => {
      const credential = await requestCredential(db, { application, rules: body.accessRules, redirection: body.redirection, allowedIps: body.allowedIPs ?? null });
      return {
        body: {
          consumerKey: credential.consumerKey,
          state: credential.status,
          validationUrl: `${publicOrigin(request)}/api-keys/validate/${credential.validationToken}`,
        },
      };
    },
  }),
  route({
    method: "GET",
    path: "/auth/currentCredential",
    auth: "signed",
    summary: "The credential making the call.",
    answer: answers.currentCredential,
    example: {
      response: { credentialId: 12, applicationId: 3, rules: [{ method: "GET", path: "/sms*" }], status: "validated", creation: "2026-11-29T10:00:00.000Z", expiration: "2026-11-30T10:00:00.000Z", lastUse: null, allowedIPs: null },
    },
    handler: async ({ principal }) => ({
      body: {
        credentialId: principal.credential.id,
        applicationId: principal.application.id,
        rules: principal.credential.rules,
        status: principal.credential.status,
        creation: principal.credential.createdAt.toISOString(),
        expiration: principal.credential.expiresAt?.toISOString() ?? null,
        lastUse: principal.credential.lastUseAt?.toISOString() ?? null,
        allowedIPs: principal.credential.allowedIps ?? null,
      },
    }),
  }),
  route({
    method: "POST",
    path: "/auth/logout",
    auth: "signed",
    summary: "Revoke the credential making the call.",
    answer: answers.nullAnswer,
    example: { response: null },
    handler: async ({ db, principal }) => {
      await db.update(apiCredentials).set({ status: "revoked" }).where(eq(apiCredentials.id, principal.credential.id));
      return { body: null };
    },
  }),
];
