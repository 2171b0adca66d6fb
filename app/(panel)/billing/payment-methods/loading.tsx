import { LoadingPage, SkeletonCard, SkeletonHeading } from "@/components/ui/skeleton";

/** Payment methods: the heading, the list, then the two forms side by side. */
export default function Loading() {
  return (
    <LoadingPage className="gap-6">
      <SkeletonHeading />
      <SkeletonCard lines={2} row="h-14" />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <SkeletonCard lines={4} />
        <SkeletonCard lines={3} />
      </div>
    </LoadingPage>
  );
}
