import { LoadingPage, SkeletonCard } from "@/components/ui/skeleton";

/** The form (three fifths), and the list beside it. */
export default function Loading() {
  return (
    <LoadingPage className="grid grid-cols-1 lg:grid-cols-5">
      <SkeletonCard lines={4} className="lg:col-span-3" />
      <SkeletonCard lines={4} row="h-12" className="lg:col-span-2" />
    </LoadingPage>
  );
}
