"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** Unexpected errors: a plain apology and a retry, never the raw exception. */
export default function PanelError({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold">{t("genericTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("genericBody")}</p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500">{t("reference", { digest: error.digest })}</p> : null}
      <Button className="mt-6" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
