import { FormPageSkeleton } from "@/components/ui/skeleton";

/** The packs and their prices, and the order summary beside them. */
export default function Loading() {
  return <FormPageSkeleton formLines={5} asideRow="h-6" />;
}
