import { Skeleton } from "@/components/ui/skeleton";

/** An order or invoice: one sheet with its title and buttons, the two parties, then the lines and totals. */
export default function Loading() {
  return (
    <div className="card mx-auto flex w-full max-w-3xl flex-col gap-6 p-4 sm:p-6" aria-busy="true">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-2">
          <Skeleton className="h-4 w-16" />
          <Skeleton className="h-7 w-56" />
          <Skeleton className="h-4 w-48" />
        </div>
        <Skeleton className="h-9 w-40" />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
      <Skeleton className="h-10" />
      <Skeleton className="h-32" />
    </div>
  );
}
