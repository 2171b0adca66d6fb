import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { FORMAT_LOCALE, LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/locale";
import { isLocale, type Locale } from "@/lib/billing/subsidiaries";

/** The user's language: their setting (or their subsidiary's), else the login page's choice, else the browser's. */
async function resolveLocale(): Promise<Locale> {
  const user = await getSessionUser();
  if (user) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const language = await resolveLocale();
  return {
    // The language's messages, with its region's formats (FORMAT_LOCALE): getLocale() is a formatting locale.
    locale: FORMAT_LOCALE[language],
    timeZone: "UTC",
    messages: (await import(`../messages/${language}.json`)).default,
  };
});
