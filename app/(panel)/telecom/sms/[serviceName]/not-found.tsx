import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";

export default async function SmsAccountNotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="not-found">
      <h1 className="text-xl font-semibold">{t("accountNotFoundTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("accountNotFoundBody")}</p>
      <ButtonLink href="/telecom/sms" variant="secondary" className="mt-6">
        {t("backToAccounts")}
      </ButtonLink>
    </div>
  );
}
