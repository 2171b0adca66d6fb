"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db";
import type { FormState } from "@/lib/auth/action";
import { currentSessionToken, getSessionUser } from "@/lib/auth/session";
import { revokeSession, revokeUserSessions } from "@/lib/auth/sessions";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";
import { LOCALES } from "@/lib/billing/subsidiaries";
import { setUserLocale } from "@/lib/auth/users";

/**
 * The login form, in one or two steps: the e-mail and password, then — when the user turned on a one-time password
 * — a code, sent with the challenge the first step returned (state.result.challenge).
 */
export async function login(_previous: FormState, formData: FormData): Promise<FormState> {
  const t = await getTranslations("login");
  const email = String(formData.get("email") ?? "");
  const challenge = String(formData.get("challenge") ?? "");
  const code = String(formData.get("code") ?? "").trim();
  const values = { email };
  const redirectTo = safeRedirectPath(formData.get("callbackUrl"));
  const secondStep = (message?: string): FormState => ({ ok: false, message, values, result: { challenge }, at: Date.now() });
  if (challenge) {
    if (!code) return secondStep(t("codeMissing"));
  } else if (!email.trim() || !formData.get("password")) {
    return { ok: false, message: t("missing"), values, at: Date.now() };
  }
  try {
    await signIn("credentials", challenge ? { challenge, code, redirectTo } : { email, password: formData.get("password"), redirectTo });
  } catch (error) {
    if (error instanceof AuthError) {
      const reason = "code" in error ? String(error.code) : "";
      if (reason.startsWith("throttled:")) {
        const minutes = Math.max(1, Math.ceil(Number(reason.split(":")[1]) / 60));
        return { ok: false, message: t("throttled", { minutes }), values, at: Date.now() };
      }
      if (reason.startsWith("second-factor:")) {
        return { ok: false, values, result: { challenge: reason.slice("second-factor:".length) }, at: Date.now() };
      }
      if (reason === "challenge-expired") return { ok: false, message: t("challengeExpired"), values, at: Date.now() };
      if (challenge) return secondStep(t("invalidCode"));
      return { ok: false, message: t("invalid"), values, at: Date.now() };
    }
    throw error; // the redirect of a successful sign-in
  }
  return { ok: true };
}

/** Logging out ends this session on the server, not only in this browser. */
export async function logout(): Promise<void> {
  const token = await currentSessionToken();
  if (token) await revokeSession(await getDb(), token);
  await signOut({ redirectTo: "/login" });
}

/** "Log out everywhere": ends every session of the user, on every device, this one included. */
export async function logoutEverywhere(): Promise<void> {
  const user = await getSessionUser();
  if (user) await revokeUserSessions(await getDb(), user.id);
  await signOut({ redirectTo: "/login" });
}

const localeSchema = z.enum(LOCALES);

/** Saves the language on the user's account when signed in, in a cookie otherwise (the login page). */
export async function changeLocale(formData: FormData): Promise<void> {
  const parsed = localeSchema.safeParse(formData.get("locale"));
  if (!parsed.success) return;
  const user = await getSessionUser();
  if (user) await setUserLocale(await getDb(), user.id, parsed.data);
  (await cookies()).set(LOCALE_COOKIE, parsed.data, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.NODE_ENV === "production" && process.env.AUTH_URL?.startsWith("https://") === true,
    maxAge: 365 * 24 * 3600,
    path: "/",
  });
  const back = safeRedirectPath(formData.get("returnTo"));
  redirect(back);
}
