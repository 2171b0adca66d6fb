import { LoadingPage, SkeletonCard, SkeletonHeading } from "@/components/ui/skeleton";

/** Orders: the heading, then the table. */
export default function Loading() {
  return (
    <LoadingPage className="gap-6">
      <SkeletonHeading />
      <SkeletonCard lines={6} row="h-9" />
    </LoadingPage>
  );
}
