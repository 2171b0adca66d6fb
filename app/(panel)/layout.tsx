import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { changeLocale, logout } from "@/app/actions/session";
import { AccountMenu } from "@/components/shell/account-menu";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { MainNav } from "@/components/shell/main-nav";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export default async function PanelLayout({ children }: { children: React.ReactNode }) {
  const [user, t] = await Promise.all([requireUser(), getTranslations()]);
  const links = [
    { href: "/telecom/sms", label: `${t("nav.telecom")} › ${t("nav.sms")}` },
    { href: "/telecom/sms/rates", label: t("nav.rates") },
    { href: "/billing/orders", label: t("nav.orders") },
    { href: "/billing/payment-methods", label: t("nav.paymentMethods") },
    ...(can(user.role, "manageApiKeys") ? [{ href: "/account/api", label: t("nav.api") }] : []),
    { href: "/docs/api", label: t("nav.apiDocs") },
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("nav.skipToContent")}
      </a>
      {/* One row at every width: name, sections and the account menu from md up; name, current section and Menu below. */}
      <header className="on-dark bg-brand-800 text-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 md:flex-nowrap">
          <Link href="/telecom/sms" className="shrink-0 text-lg font-bold tracking-tight">
            {t("app.name")}
          </Link>
          <MainNav label={t("nav.main")} menuLabel={t("nav.menu")} links={[...links, { href: "/account/security", label: t("nav.security"), inMenuOnly: true }]}>
            <AccountMenu
              summary={
                <span className="max-w-40 truncate" data-testid="account-menu">
                  {user.name}
                </span>
              }
            >
              <p className="text-white/80" data-testid="signed-in-as">
                {t("nav.signedInAs", { name: user.name, role: t(`roles.${user.role}`), customer: user.customer.nicHandle })}
              </p>
              <Suspense>
                <LocaleSwitcher changeLocale={changeLocale} showLabel />
              </Suspense>
              <Link href="/account/security" className="rounded px-2 py-1 underline-offset-4 hover:bg-white/10 hover:underline max-md:hidden">
                {t("nav.security")}
              </Link>
              <form action={logout}>
                <button type="submit" className="min-h-9 w-full rounded-md border border-white/40 px-3 hover:bg-white/10">
                  {t("nav.logout")}
                </button>
              </form>
            </AccountMenu>
          </MainNav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
