import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { loadAccount } from "../data";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("transfer") };
}

/** Built by the credits issue; until then the page says so, with no form. */
export default async function TransferPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const [, t] = await Promise.all([loadAccount(serviceName), getTranslations("placeholder")]);
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("transferTitle")}</h2>
      <p className="mt-2 max-w-prose text-sm text-slate-700">{t("transferBody")}</p>
    </Card>
  );
}
