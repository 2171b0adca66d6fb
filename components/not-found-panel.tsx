import { getTranslations } from "next-intl/server";
import { ButtonLink } from "./ui/button";

const WAY_BACK = { page: "/telecom/sms", account: "/telecom/sms", order: "/billing/orders" } as const;

/** "Not found" with the way back (to the SMS accounts, or to the orders); a foreign one gets the same as an unknown one. */
export async function NotFoundPanel({ kind }: { kind: keyof typeof WAY_BACK }) {
  const t = await getTranslations("errors");
  return (
    <div className="card mx-auto max-w-lg p-8 text-center" data-testid="not-found">
      <h1 className="text-xl font-semibold">{t(`${kind}NotFoundTitle`)}</h1>
      <p className="mt-2 text-sm text-slate-600">{t(`${kind}NotFoundBody`)}</p>
      <ButtonLink href={WAY_BACK[kind]} variant="secondary" className="mt-6">
        {kind === "order" ? t("backToOrders") : t("backToAccounts")}
      </ButtonLink>
    </div>
  );
}
