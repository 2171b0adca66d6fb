import { getDb } from "@/db";
import { getSessionUser } from "@/lib/auth/session";
import { creditsToString } from "@/lib/credits/amounts";
import { findSmsAccount, parseChoicesQuery, searchAccountChoices } from "@/lib/sms/accounts";

/**
 * The transfer form's account pickers, as the user types: the first accounts of the user's customer whose name or
 * description contains `q`, without `exclude` (the chosen source), with their balances. JSON, never cached.
 */
export async function GET(request: Request, { params }: { params: Promise<{ serviceName: string }> }) {
  const user = await getSessionUser();
  if (!user) return new Response("Unauthorized", { status: 401 });
  const db = await getDb();
  const raw = (await params).serviceName;
  let serviceName = raw;
  try {
    serviceName = decodeURIComponent(raw);
  } catch {
    // malformed escapes match no account: a 404 below
  }
  const account = await findSmsAccount(db, user.customer.id, serviceName);
  if (!account) return new Response("Not found", { status: 404 });
  const choices = await searchAccountChoices(db, user.customer.id, parseChoicesQuery(new URL(request.url).searchParams));
  return Response.json(
    choices.map((c) => ({ serviceName: c.serviceName, description: c.description, balance: creditsToString(c.creditsLeft), enabled: c.enabled })),
    { headers: { "cache-control": "no-store" } },
  );
}
