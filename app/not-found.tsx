import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center" data-testid="not-found">
      <h1 className="text-xl font-semibold">{t("pageNotFoundTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("pageNotFoundBody")}</p>
      <ButtonLink href="/telecom/sms" variant="secondary" className="mt-6">
        {t("backToAccounts")}
      </ButtonLink>
    </main>
  );
}
