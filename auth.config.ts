import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";

/**
 * The part of the auth configuration the proxy needs (no database, no password hashing): sessions are signed JWTs
 * carrying the user id, customer account and role. The proxy is only a coarse gate; every page, action and API call
 * loads the user again on the server (lib/auth/session.ts).
 */
export const PUBLIC_PATHS = ["/login"];

export const authConfig = {
  secret: env().AUTH_SECRET,
  trustHost: true,
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 8 * 60 * 60, updateAge: 15 * 60 },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id?: string; customerAccountId?: number; role?: string };
        token.sub = u.id;
        token.customerAccountId = u.customerAccountId;
        token.role = u.role;
      }
      return token;
    },
    session({ session, token }) {
      // Only identifiers: never the whole user row.
      session.user = {
        ...session.user,
        id: token.sub ?? "",
      } as typeof session.user;
      return session;
    },
  },
} satisfies NextAuthConfig;
