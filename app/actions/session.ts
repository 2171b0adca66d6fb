"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db";
import type { FormState } from "@/lib/auth/action";
import { getSessionUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";
import { LOCALES } from "@/lib/subsidiaries";
import { setUserLocale } from "@/lib/users";

export async function login(_previous: FormState, formData: FormData): Promise<FormState> {
  const t = await getTranslations("login");
  const email = String(formData.get("email") ?? "");
  const values = { email };
  if (!email.trim() || !formData.get("password")) {
    return { ok: false, message: t("missing"), values, at: Date.now() };
  }
  try {
    await signIn("credentials", {
      email,
      password: formData.get("password"),
      redirectTo: safeRedirectPath(formData.get("callbackUrl")),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = "code" in error ? String(error.code) : "";
      if (code.startsWith("throttled:")) {
        const minutes = Math.max(1, Math.ceil(Number(code.split(":")[1]) / 60));
        return { ok: false, message: t("throttled", { minutes }), values, at: Date.now() };
      }
      return { ok: false, message: t("invalid"), values, at: Date.now() };
    }
    throw error; // the redirect of a successful sign-in
  }
  return { ok: true };
}

export async function logout(): Promise<void> {
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
