import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authConfig } from "@/auth.config";
import { getDb } from "@/db";
import { authenticate } from "@/lib/auth/login";
import { clientAddress } from "@/lib/http/request-origin";

export class ThrottledSignin extends CredentialsSignin {
  code = "throttled";
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
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
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await authenticate(await getDb(), {
          ...parsed.data,
          clientAddress: clientAddress(request.headers),
        });
        if (!result.ok) {
          if (result.reason === "throttled") {
            const error = new ThrottledSignin();
            error.code = `throttled:${result.retryAfterSeconds}`;
            throw error;
          }
          return null;
        }
        return {
          id: String(result.user.id),
          name: result.user.name,
          email: result.user.email,
          customerAccountId: result.user.customerAccountId,
          role: result.user.role,
        };
      },
    }),
  ],
});
