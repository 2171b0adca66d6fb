import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authConfig } from "@/auth.config";
import { getDb } from "@/db";
import { clientAddress } from "@/lib/http/request-origin";
import { authenticate, authenticateSecondFactor, issueLoginChallenge, readLoginChallenge, type LoginResult } from "@/lib/auth/login";
import { createSession, isSessionLive, revokeSession } from "@/lib/auth/sessions";
import { env } from "@/lib/env";

/** Refusals the login form tells apart, carried in the error's code (the only thing Auth.js passes back). */
export class LoginRefused extends CredentialsSignin {
  code = "invalid";
}

function refuse(code: string): never {
  const error = new LoginRefused();
  error.code = code;
  throw error;
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
const secondStepSchema = z.object({
  challenge: z.string().min(1).max(4096),
  code: z.string().trim().min(1).max(64),
});

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth({
  ...authConfig,
  logger: {
    // A refused login is an expected outcome, not a server error: no stack trace in the logs for it.
    error(error) {
      // By type, not name: class names are minified in production builds.
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, user }) {
      if (user) return { sid: (user as { sessionToken?: string }).sessionToken };
      // Reading the session (/api/auth/session, auth()) re-issues the cookie: never for a session that ended on the
      // server. Null clears the cookie.
      if (typeof token.sid !== "string" || !(await isSessionLive(await getDb(), token.sid))) return null;
      return token;
    },
  },
  events: {
    // Auth.js's own sign-out route ends the server-side session too (the panel's logout action does it first).
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(await getDb(), sid);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, challenge: {}, code: {} },
      async authorize(raw, request) {
        const db = await getDb();
        const address = clientAddress(request.headers);
        const authSecret = env().AUTH_SECRET;
        let result: LoginResult;
        const second = secondStepSchema.safeParse(raw);
        if (second.success) {
          const challenge = await readLoginChallenge(second.data.challenge, authSecret);
          if (!challenge) refuse("challenge-expired");
          result = await authenticateSecondFactor(db, { ...challenge, code: second.data.code, clientAddress: address, authSecret });
        } else {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          result = await authenticate(db, { ...parsed.data, clientAddress: address });
        }
        if (!result.ok) {
          if (result.reason === "throttled") refuse(`throttled:${result.retryAfterSeconds}`);
          return null;
        }
        // The password was right and a one-time password is on: no session yet, the form asks for the code.
        if (result.secondFactor) refuse(`second-factor:${await issueLoginChallenge(result.user, authSecret)}`);
        const session = await createSession(db, {
          userId: result.user.id,
          userAgent: request.headers.get("user-agent"),
          ipAddress: address,
        });
        return { id: String(result.user.id), sessionToken: session.token };
      },
    }),
  ],
});
