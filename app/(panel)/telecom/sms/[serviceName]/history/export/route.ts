import { getTranslations } from "next-intl/server";
import { getDb } from "@/db";
import { getSessionUser } from "@/lib/auth/session";
import { csvResponse } from "@/lib/credits/csv";
import { HISTORY_COLUMNS, historyRows } from "@/lib/credits/exports";
import { parseHistoryQuery } from "@/lib/credits/history";
import { describeReference } from "@/lib/credits/ledger-references";
import { findSmsAccount } from "@/lib/sms/accounts";

/** CSV of one SMS account's ledger, with the same filters as the History page. */
export async function GET(request: Request, { params }: { params: Promise<{ serviceName: string }> }) {
  const user = await getSessionUser();
  if (!user) return new Response("Unauthorized", { status: 401 });
  const db = await getDb();
  const account = await findSmsAccount(db, user.customer.id, (await params).serviceName);
  if (!account) return new Response("Not found", { status: 404 });
  const search = new URL(request.url).searchParams;
  const parsed = parseHistoryQuery({ kind: search.get("kind"), from: search.get("from"), to: search.get("to") });
  if (!parsed.ok) {
    const t = await getTranslations("errors.history");
    return new Response(t(parsed.error, parsed.params), { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  // The panel's own words in the reader's language; phone numbers stay E.164 (machine-readable).
  const t = await getTranslations("ledger.ref");
  const describe = (e: Parameters<typeof describeReference>[0]) => describeReference(e, (code, values) => t(code, values));
  return csvResponse(`${account.serviceName}-history.csv`, HISTORY_COLUMNS, historyRows(db, account.id, parsed.filter, describe));
}
