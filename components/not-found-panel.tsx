import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./ui/button";

/** "Not found" with the way back to the SMS accounts; a foreign SMS account gets the same as an unknown one. */
export async function NotFoundPanel({ kind }: { kind: "page" | "account" }) {
  const t = await getTranslations("errors");
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="not-found">
      <h1 className="text-xl font-semibold">{kind === "account" ? t("accountNotFoundTitle") : t("pageNotFoundTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{kind === "account" ? t("accountNotFoundBody") : t("pageNotFoundBody")}</p>
      <ButtonLink href="/telecom/sms" variant="secondary" className="mt-6">
        {t("backToAccounts")}
      </ButtonLink>
    </div>
  );
}
