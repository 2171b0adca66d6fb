import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db";
import { requireUser } from "@/lib/auth/session";
import { findSmsAccount } from "@/lib/sms/accounts";

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // malformed escapes match no account: a 404 below
  }
}

/** The selected SMS account, scoped to the user's customer account; another customer's is a 404. */
export const loadAccount = cache(async (serviceName: string) => {
  const user = await requireUser();
  const account = await findSmsAccount(await getDb(), user.customer.id, safeDecode(serviceName));
  if (!account) notFound();
  return { user, account };
});
