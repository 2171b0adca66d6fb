import { newFormToken } from "@/lib/idempotency";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, CardTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { validPaymentMethods } from "@/lib/billing/orders";
import { compactMask } from "@/lib/billing/payment-methods";
import { listTiers } from "@/lib/billing/price-tiers";
import { SUBSIDIARY_INFO } from "@/lib/billing/subsidiaries";
import { loadAccount } from "../data";
import { BuyForm, PriceTable } from "./buy-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("buy") };
}

export default async function BuyPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const db = await getDb();
  const [t, locale, tiers, methods] = await Promise.all([
    getTranslations(),
    getLocale(),
    listTiers(db, user.customer.subsidiary),
    validPaymentMethods(db, user.customer.id),
  ]);
  const refusal = !can(user.role, "buyCredits") ? (
    <Notice tone="info" title={t("buy.readOnlyTitle")}>{t("buy.readOnlyBody")}</Notice>
  ) : methods.length === 0 ? (
    <Notice tone="warning" title={t("buy.noMethodTitle")}>{t("buy.noMethodBody")}</Notice>
  ) : null;
  if (refusal) {
    // Nothing to buy with: say why, and still show what the credits cost.
    return (
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-5">
        <Card aria-labelledby="buy-title" className="lg:col-span-3">
          <CardTitle id="buy-title">{t("buy.title")}</CardTitle>
          <p className="mt-1 mb-4 text-sm text-slate-600">{t("buy.intro", { name: account.serviceName })}</p>
          {refusal}
        </Card>
        <div className="lg:col-span-2">
          <PriceTable tiers={tiers} locale={locale} />
        </div>
      </div>
    );
  }
  return (
    <BuyForm
      serviceName={account.serviceName}
      tiers={tiers}
      vatBasisPoints={SUBSIDIARY_INFO[user.customer.subsidiary].vatBasisPoints}
      paymentMethods={methods.map((m) => ({
        id: m.id,
        label: `${t("paymentMethod.option", { type: m.type, masked: compactMask(m.maskedNumber) })}${m.isDefault ? ` (${t("paymentMethod.default")})` : ""}`,
      }))}
      token={newFormToken()}
      locale={locale}
    />
  );
}
