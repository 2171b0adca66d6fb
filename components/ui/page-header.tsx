/** A page's opening: what leads to it (a breadcrumb), its one h1, a line saying what it is for, then any extra. */
export function PageHeader({ title, subtitle, before, children }: { title: React.ReactNode; subtitle?: React.ReactNode; before?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <div>
      {before}
      <h1 className={before ? "mt-1 text-2xl font-semibold" : "text-2xl font-semibold"}>{title}</h1>
      {subtitle ? <p className="mt-1 max-w-prose text-sm text-slate-600">{subtitle}</p> : null}
      {children}
    </div>
  );
}
