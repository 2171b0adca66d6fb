import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { SHELL_CLIENT_MESSAGES } from "@/components/client-messages";
import { pickMessages } from "@/lib/i18n/pick-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans antialiased">
        {/* Only the shell's client messages: each page adds its own forms' (components/client-messages.tsx). */}
        <NextIntlClientProvider messages={pickMessages(messages, SHELL_CLIENT_MESSAGES)}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
