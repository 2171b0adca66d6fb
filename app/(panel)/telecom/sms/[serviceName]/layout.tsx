import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Tabs } from "@/components/shell/tabs";
import { Badge } from "@/components/ui/badge";
import { loadAccount } from "./data";

export default async function SmsAccountLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ serviceName: string }>;
}) {
  const { serviceName } = await params;
  const [{ account }, t] = await Promise.all([loadAccount(serviceName), getTranslations()]);
  const base = `/telecom/sms/${account.serviceName}`;
  return (
    <div className="flex flex-col gap-5">
      <div>
        <nav aria-label={t("nav.breadcrumb")} className="text-sm text-slate-600">
          {t("nav.telecom")} ›{" "}
          <Link href="/telecom/sms" className="text-brand-700 underline underline-offset-2">
            {t("nav.sms")}
          </Link>{" "}
          › <span aria-current="page">{account.serviceName}</span>
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold break-all">{account.serviceName}</h1>
          <Badge tone={account.status === "enable" ? "success" : "neutral"}>{t(`account.status.${account.status}`)}</Badge>
        </div>
        {account.description ? <p className="mt-1 text-sm text-slate-600">{account.description}</p> : null}
      </div>
      <Tabs
        label={t("nav.accountTabs")}
        tabs={[
          { href: base, label: t("nav.home"), exact: true },
          { href: `${base}/options/recredit`, label: t("nav.recredit") },
          { href: `${base}/buy`, label: t("nav.buy") },
          { href: `${base}/transfer`, label: t("nav.transfer") },
          { href: `${base}/send`, label: t("nav.send") },
          { href: `${base}/history`, label: t("nav.history") },
        ]}
      />
      {children}
    </div>
  );
}
