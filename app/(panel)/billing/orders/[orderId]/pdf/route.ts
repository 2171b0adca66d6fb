import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { invoiceContent, isIssuedInvoice } from "@/lib/billing/invoice-document";
import { renderInvoicePdf } from "@/lib/billing/invoice-pdf";
import { findOrder } from "@/lib/billing/orders";

/** The invoice of a paid order as a PDF, in the user's language. Another customer's order, or an unpaid one, is 404. */
export async function GET(_request: Request, { params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const user = await requireUser();
  const order = await findOrder(await getDb(), user.customer.id, orderId);
  if (!order || !isIssuedInvoice(order)) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  const pdf = await renderInvoicePdf(invoiceContent(order, (key, values) => t(key as never, values as never), locale));
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${order.invoiceNumber}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
