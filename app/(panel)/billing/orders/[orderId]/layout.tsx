import { loadOrder } from "./data";

/** Decides the 404 (unknown or another customer's order) before the page's skeleton streams. */
export default async function OrderLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orderId: string }> }) {
  await loadOrder((await params).orderId);
  return children;
}
