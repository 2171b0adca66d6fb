import { LoadingPage, SkeletonCard, SkeletonHeading } from "@/components/ui/skeleton";

/** Orders: the heading, then the framed table of orders. */
export default function Loading() {
  return (
    <LoadingPage className="gap-6">
      <SkeletonHeading />
      <SkeletonCard lines={5} row="h-9" />
    </LoadingPage>
  );
}
