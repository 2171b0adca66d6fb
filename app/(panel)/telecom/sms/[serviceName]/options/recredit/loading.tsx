import { LoadingPage, SkeletonCard } from "@/components/ui/skeleton";

/** The settings form first, the conditions under it; recent re-credits and changes beside them. */
export default function Loading() {
  return (
    <LoadingPage className="grid grid-cols-1 lg:grid-cols-5">
      <div className="flex flex-col gap-5 lg:col-span-3">
        <SkeletonCard lines={3} />
        <SkeletonCard lines={2} row="h-8" />
      </div>
      <div className="flex flex-col gap-5 lg:col-span-2">
        <SkeletonCard lines={2} row="h-6" />
        <SkeletonCard lines={2} row="h-6" />
      </div>
    </LoadingPage>
  );
}
