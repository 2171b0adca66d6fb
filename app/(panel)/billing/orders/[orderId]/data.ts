import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { findOrder } from "@/lib/billing/orders";

/**
 * The order of the URL, scoped to the user's customer account; another customer's is a 404. Read by the segment's
 * layout, outside the page's loading boundary, so that a 404 is decided before any skeleton streams (a notFound()
 * inside the boundary would answer 200); React's cache hands the page the same row.
 */
export const loadOrder = cache(async (orderId: string) => {
  const user = await requireUser();
  const order = await findOrder(await getDb(), user.customer.id, orderId);
  if (!order) notFound();
  return { user, order };
});
