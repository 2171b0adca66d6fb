import { useTranslations } from "next-intl";
import { creditsToNumber, formatCredits, type Credits } from "@/lib/credits/amounts";
import { cn } from "./ui/cn";

/** A credit amount formatted in the user's locale; `signed` shows + or − (ledger amounts). */
export function CreditsValue({
  value,
  locale,
  signed,
  className,
}: {
  value: Credits;
  locale: string;
  signed?: boolean;
  className?: string;
}) {
  const text = formatCredits(value < 0n ? -value : value, locale);
  const sign = signed ? (value < 0n ? "−" : "+") : value < 0n ? "−" : "";
  return (
    <span className={cn("num whitespace-nowrap", signed && (value < 0n ? "text-red-700" : "text-emerald-700"), className)}>
      {sign}
      {text}
    </span>
  );
}

/**
 * A credit amount with its unit, in the reader's language and plural form ("1 credit", "12.5 credits",
 * "2 kredyty", "5 kredytów", "12,5 kredytu"): the one way the panel writes an amount of credits in words.
 */
export function CreditsAmount({ value, className }: { value: Credits | number; className?: string }) {
  const t = useTranslations("credits");
  return (
    <span className={cn("num whitespace-nowrap", className)}>
      {t("amount", { value: typeof value === "number" ? value : creditsToNumber(value) })}
    </span>
  );
}
