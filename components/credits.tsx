import { formatCredits, type Credits } from "@/lib/credits";
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
