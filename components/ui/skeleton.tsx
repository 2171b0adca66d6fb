import { cn } from "./cn";

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("skeleton", className)} aria-hidden />;
}

/** The outline of a Card: its title, then `lines` rows (fields or list items) of height `row`. */
export function SkeletonCard({ lines = 3, row = "h-10", className }: { lines?: number; row?: string; className?: string }) {
  return (
    <div className={cn("card flex flex-col gap-4", className)} aria-hidden>
      <Skeleton className="h-5 w-40" />
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className={cn("w-full", row)} />
      ))}
    </div>
  );
}

/** A page heading (title and subtitle), as the billing and account pages open. */
export function SkeletonHeading() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-4 w-80 max-w-full" />
    </div>
  );
}

/** The outline of a page while it loads: announced as busy, its parts hidden from assistive technology. */
export function LoadingPage({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col gap-5", className)} aria-busy="true">
      {children}
    </div>
  );
}

/** A form page: the form (three fifths) and what stands beside it (a list, an order summary). */
export function FormPageSkeleton({ formLines = 4, asideRow = "h-12" }: { formLines?: number; asideRow?: string }) {
  return (
    <LoadingPage className="grid grid-cols-1 lg:grid-cols-5">
      <SkeletonCard lines={formLines} className="lg:col-span-3" />
      <SkeletonCard lines={4} row={asideRow} className="lg:col-span-2" />
    </LoadingPage>
  );
}
