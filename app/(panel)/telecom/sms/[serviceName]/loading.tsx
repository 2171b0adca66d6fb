import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-3" aria-busy="true">
      <Skeleton className="h-44 lg:col-span-2" />
      <Skeleton className="h-44" />
      <Skeleton className="h-64 lg:col-span-2" />
      <Skeleton className="h-64" />
    </div>
  );
}
