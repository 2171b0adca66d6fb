import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { recreditState, type RecreditState } from "@/lib/recredit/rules";
import { Badge } from "./ui/badge";

const tone = { on: "success", off: "neutral", suspended: "warning" } as const;
const label = { on: "recreditOn", off: "recreditOff", suspended: "recreditSuspended" } as const;

/** On / Off / Suspended badge of an account's automatic re-credit (SMS list, Home, Options › Automatic re-credit). */
export async function RecreditBadge({ account, hasValidMandate }: { account: { recreditAmount: number | null }; hasValidMandate: boolean }) {
  const t = await getTranslations("home");
  const state: RecreditState = recreditState(account, hasValidMandate);
  return (
    <span data-testid="recredit-badge" data-state={state}>
      <Badge tone={tone[state]}>{t(label[state])}</Badge>
    </span>
  );
}

/** The way back from a suspended re-credit: a valid SEPA mandate, added on the payment methods page (Home, Options). */
export async function RecreditWayBack() {
  const t = await getTranslations("recredit");
  return (
    <p className="mt-2 text-sm">
      <Link href="/billing/payment-methods" className="font-medium text-brand-700 underline underline-offset-2" data-testid="recredit-way-back">
        {t("suspendedLink")}
      </Link>
    </p>
  );
}
