import { LoadingPage, Skeleton, SkeletonCard } from "@/components/ui/skeleton";

/** History: the filters, then the table of entries. */
export default function Loading() {
  return (
    <LoadingPage>
      <div className="flex flex-wrap items-end gap-3">
        <Skeleton className="h-10 w-48" />
        <Skeleton className="h-10 w-36" />
        <Skeleton className="h-10 w-36" />
        <Skeleton className="h-10 w-24" />
      </div>
      <SkeletonCard lines={8} row="h-9" />
    </LoadingPage>
  );
}
