import { LoadingPage, SkeletonCard } from "@/components/ui/skeleton";

/** The form (packs and their prices, payment method) and the order summary beside it. */
export default function Loading() {
  return (
    <LoadingPage className="grid grid-cols-1 lg:grid-cols-5">
      <SkeletonCard lines={5} className="lg:col-span-3" />
      <SkeletonCard lines={4} row="h-6" className="lg:col-span-2" />
    </LoadingPage>
  );
}
