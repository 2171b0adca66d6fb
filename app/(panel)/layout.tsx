import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { logout } from "@/app/actions/session";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export default async function PanelLayout({ children }: { children: React.ReactNode }) {
  const [user, t] = await Promise.all([requireUser(), getTranslations()]);
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("nav.skipToContent")}
      </a>
      <header className="on-dark bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
          <div className="flex items-center gap-6">
            <Link href="/telecom/sms" className="text-lg font-bold tracking-tight">
              {t("app.name")}
            </Link>
            <nav aria-label={t("nav.main")} className="flex flex-wrap gap-1 text-sm">
              <Link href="/telecom/sms" className="rounded px-2 py-1 hover:bg-white/10">
                {t("nav.telecom")} › {t("nav.sms")}
              </Link>
              <Link href="/telecom/sms/rates" className="rounded px-2 py-1 hover:bg-white/10">
                {t("nav.rates")}
              </Link>
              <Link href="/billing/orders" className="rounded px-2 py-1 hover:bg-white/10">
                {t("nav.orders")}
              </Link>
              <Link href="/billing/payment-methods" className="rounded px-2 py-1 hover:bg-white/10">
                {t("nav.paymentMethods")}
              </Link>
              {can(user.role, "manageApiKeys") ? (
                <Link href="/account/api" className="rounded px-2 py-1 hover:bg-white/10">
                  {t("nav.api")}
                </Link>
              ) : null}
              <Link href="/docs/api" className="rounded px-2 py-1 hover:bg-white/10">
                {t("nav.apiDocs")}
              </Link>
            </nav>
          </div>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span className="hidden text-white/80 sm:inline" data-testid="signed-in-as">
              {t("nav.signedInAs", { name: user.name, role: t(`roles.${user.role}`), customer: user.customer.nicHandle })}
            </span>
            <Suspense>
              <LocaleSwitcher />
            </Suspense>
            <form action={logout}>
              <button type="submit" className="min-h-9 rounded-md border border-white/40 px-3 hover:bg-white/10">
                {t("nav.logout")}
              </button>
            </form>
          </div>
        </div>
        <p className="mx-auto max-w-6xl px-4 pb-2 text-xs text-white/80 sm:hidden">
          {t("nav.signedInAs", { name: user.name, role: t(`roles.${user.role}`), customer: user.customer.nicHandle })}
        </p>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
