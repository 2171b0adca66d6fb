import { NotFoundPanel } from "@/components/not-found-panel";

/** An order that does not exist or is another customer's (its layout calls notFound()): the same answer. */
export default function OrderNotFound() {
  return <NotFoundPanel kind="order" />;
}
