"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/** The invoice of the automatic re-credit an action fired (its id in the action's `result.recreditOrderId`). */
export function RecreditInvoiceLink({ result }: { result?: Record<string, string> }) {
  const t = useTranslations("recreditOutcome");
  const id = result?.recreditOrderId;
  if (!id) return null;
  return (
    <Link href={`/billing/orders/${id}`} className="mt-1 inline-block font-medium underline" data-testid="recredit-invoice">
      {t("invoice", { id })}
    </Link>
  );
}
