import { NotFoundPanel } from "@/components/not-found-panel";

export default function SmsAccountNotFound() {
  return <NotFoundPanel kind="account" />;
}
