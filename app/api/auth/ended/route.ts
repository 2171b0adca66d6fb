import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

/**
 * Where a page sends a request whose session ended on the server (logged out elsewhere, idle, past its lifetime):
 * the cookie still looks valid to the proxy, so it is cleared here before the login page, or the proxy would send
 * the browser back and forth. A live session is not touched (a link here logs no one out).
 */
export async function GET() {
  if (await getSessionUser()) redirect("/telecom/sms");
  const store = await cookies();
  for (const { name } of store.getAll()) {
    if (/^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)) {
      store.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: name.startsWith("__Secure-") });
    }
  }
  redirect("/login");
}
