/** A status in a pill; its tones are `.badge-*` in app/globals.css. */
type Tone = "neutral" | "success" | "warning" | "danger" | "info";

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: React.ReactNode }) {
  return (
    <span className={`badge badge-${tone}`}>{children}</span>
  );
}
