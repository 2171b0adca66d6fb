import { getDb } from "@/db";
import { getSessionUser } from "@/lib/auth/session";
import { csvResponse } from "@/lib/credits/csv";
import { TRANSFER_COLUMNS, transferRows } from "@/lib/credits/exports";
import { findSmsAccount } from "@/lib/sms/accounts";

/** CSV of the transfers of one SMS account of the signed-in user's customer account. */
export async function GET(_request: Request, { params }: { params: Promise<{ serviceName: string }> }) {
  const user = await getSessionUser();
  if (!user) return new Response("Unauthorized", { status: 401 });
  const db = await getDb();
  const account = await findSmsAccount(db, user.customer.id, (await params).serviceName);
  if (!account) return new Response("Not found", { status: 404 });
  return csvResponse(`${account.serviceName}-transfers.csv`, TRANSFER_COLUMNS, transferRows(db, user.customer.id, account.serviceName));
}
