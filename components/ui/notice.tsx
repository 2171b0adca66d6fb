import { cn } from "./cn";

type Tone = "info" | "success" | "warning" | "danger";
const tones: Record<Tone, string> = {
  info: "border-brand-100 bg-brand-50 text-brand-800",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  danger: "border-red-200 bg-red-50 text-red-900",
};

/** A boxed message. `live` makes screen readers announce it when it appears (results of actions). */
export function Notice({
  tone = "info",
  title,
  children,
  live,
  testId,
}: {
  tone?: Tone;
  title?: string;
  children?: React.ReactNode;
  live?: boolean;
  testId?: string;
}) {
  return (
    <div
      className={cn("rounded-md border px-4 py-3 text-sm", tones[tone])}
      role={live ? (tone === "danger" ? "alert" : "status") : undefined}
      aria-live={live ? (tone === "danger" ? "assertive" : "polite") : undefined}
      data-testid={testId}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}
