import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";

/**
 * The part of the auth configuration the proxy needs (no database, no password hashing): the session cookie is a
 * signed, encrypted JWT carrying only the random token of a server-side session (`sid`). The proxy is only a coarse
 * gate on that cookie; every page, action and API call checks the session and loads the user again on the server
 * (lib/auth/session.ts), so a revoked or expired session counts at once.
 */
export const PUBLIC_PATHS = ["/login"];

export const authConfig = {
  secret: env().AUTH_SECRET,
  trustHost: true,
  pages: { signIn: "/login" },
  // The cookie lives no longer than the server-side session's absolute lifetime (SESSION_MAX_HOURS).
  session: { strategy: "jwt", maxAge: env().SESSION_MAX_HOURS * 60 * 60, updateAge: 15 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      // At sign-in: only the session token, nothing else about the user.
      if (user) return { sid: (user as { sessionToken?: string }).sessionToken };
      return token;
    },
    session({ session }) {
      // Nothing about the user or the session token reaches the browser (/api/auth/session).
      return { expires: session.expires, user: {} } as unknown as typeof session;
    },
  },
} satisfies NextAuthConfig;
