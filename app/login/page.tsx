import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { changeLocale } from "@/app/actions/session";
import { ClientMessages } from "@/components/client-messages";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const [{ callbackUrl }, t] = await Promise.all([searchParams, getTranslations()]);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="on-dark bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <span className="text-lg font-bold tracking-tight">{t("app.name")}</span>
          <Suspense>
            <LocaleSwitcher changeLocale={changeLocale} />
          </Suspense>
        </div>
      </header>
      <main className="flex flex-1 items-start justify-center px-4 py-12 sm:items-center">
        <div className="card w-full max-w-sm p-6">
          <h1 className="text-xl font-semibold">{t("login.title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("login.subtitle")}</p>
          <ClientMessages keys={["login"]}>
            <LoginForm callbackUrl={safeRedirectPath(callbackUrl, "")} />
          </ClientMessages>
        </div>
      </main>
    </div>
  );
}
