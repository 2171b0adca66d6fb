import { NotFoundPanel } from "@/components/not-found-panel";

/** An SMS account that does not exist or is another customer's (its layout calls notFound()): the same answer. */
export default function SmsAccountNotFound() {
  return <NotFoundPanel kind="account" />;
}
