import { formatCredits, type Credits } from "@/lib/credits/amounts";

/**
 * The SVG path of a step line through `ys` (pixel rows), the points spread evenly from `left` to `right`: a step
 * only where the value changes, coordinates to a tenth of a pixel. A month of an unchanged balance is one segment,
 * not thirty (the path is sent twice, in the HTML and in React's payload: issue 12).
 */
export function stepLine(ys: number[], left: number, right: number): string {
  if (ys.length === 0) return "";
  const px = (n: number) => Math.round(n * 10) / 10;
  const step = (right - left) / Math.max(1, ys.length - 1);
  let d = `M${px(left)},${px(ys[0]!)}`;
  for (let i = 1; i < ys.length; i++) if (ys[i] !== ys[i - 1]) d += `H${px(left + i * step)}V${px(ys[i]!)}`;
  return ys.length > 1 && ys.at(-1) === ys.at(-2) ? `${d}H${px(right)}` : d;
}

/**
 * The balance over the last days as a step line, drawn on the server as SVG (no chart library shipped to the
 * browser). The picture is decorative for screen readers: the label states the figures.
 */
export function BalanceChart({
  series,
  locale,
  label,
  threshold,
}: {
  series: Array<{ day: string; balance: Credits }>;
  locale: string;
  label: string;
  /** A horizontal dashed line (the low-balance alert threshold), with its legend. */
  threshold?: { value: Credits; label: string };
}) {
  const width = 600;
  const height = 140;
  const pad = { top: 10, right: 8, bottom: 22, left: 8 };
  const max = series.reduce((m, p) => (p.balance > m ? p.balance : m), threshold?.value ?? 0n);
  // Scale with bigint arithmetic to a pixel grid; only the pixel coordinates are numbers.
  const y = (b: Credits) =>
    max === 0n ? height - pad.bottom : pad.top + Number(((max - b) * BigInt(height - pad.top - pad.bottom)) / max);
  const d = stepLine(series.map((p) => y(p.balance)), pad.left, width - pad.right);
  const area = `${d}V${height - pad.bottom}H${pad.left}Z`;
  const dayLabel = (day: string) =>
    new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
  return (
    <figure className="w-full">
      <p className="num text-right text-xs text-slate-600" aria-hidden>
        {label.length > 0 ? `▲ ${formatCredits(max, locale)}` : null}
      </p>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="h-36 w-full" preserveAspectRatio="none">
        <path d={area} className="fill-brand-50" />
        <path d={d} className="fill-none stroke-brand-600" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        {threshold ? (
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(threshold.value)}
            y2={y(threshold.value)}
            className="stroke-amber-600"
            strokeWidth={1.5}
            strokeDasharray="6 4"
            vectorEffect="non-scaling-stroke"
            data-testid="chart-threshold"
          />
        ) : null}
      </svg>
      {threshold ? (
        <p className="mt-1 flex items-center gap-2 text-xs text-amber-800">
          <span aria-hidden className="inline-block w-5 border-t-2 border-dashed border-amber-600" />
          {threshold.label}
        </p>
      ) : null}
      <figcaption className="mt-1 flex justify-between text-xs text-slate-600" aria-hidden>
        <span>{series[0] ? dayLabel(series[0].day) : ""}</span>
        <span>{series.at(-1) ? dayLabel(series.at(-1)!.day) : ""}</span>
      </figcaption>
    </figure>
  );
}
