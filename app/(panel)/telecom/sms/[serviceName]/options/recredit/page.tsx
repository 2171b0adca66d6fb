import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { loadAccount } from "../../data";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("recredit") };
}

/** Built by the automatic re-credit issue; until then the page says so, with no form. */
export default async function RecreditPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const [, t] = await Promise.all([loadAccount(serviceName), getTranslations("placeholder")]);
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("recreditTitle")}</h2>
      <p className="mt-2 max-w-prose text-sm text-slate-700">{t("recreditBody")}</p>
    </Card>
  );
}
