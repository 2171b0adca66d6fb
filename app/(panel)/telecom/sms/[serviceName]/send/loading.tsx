import { FormPageSkeleton } from "@/components/ui/skeleton";

/** The form, and the list of recent ones beside it. */
export default function Loading() {
  return <FormPageSkeleton />;
}
