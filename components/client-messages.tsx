import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { pickMessages } from "@/lib/i18n/pick-messages";

/**
 * Wraps client components with the messages they read, and only those (a namespace such as "login" or one entry such
 * as "errors.retry"): the rest of the catalog stays on the server. A nested provider replaces the one above it, so
 * `keys` lists everything the client components inside use. The root layout's provider carries what the shell's
 * own client components read (SHELL_CLIENT_MESSAGES).
 */
export async function ClientMessages({ keys, children }: { keys: readonly string[]; children: React.ReactNode }) {
  return <NextIntlClientProvider messages={pickMessages(await getMessages(), [...EVERY_CLIENT_MESSAGES, ...keys])}>{children}</NextIntlClientProvider>;
}

/** What shared client components read wherever they stand (components/credits.tsx: an amount of credits). */
const EVERY_CLIENT_MESSAGES = ["credits.amount"] as const;

/** What the client components of every page read: the language switcher and the panel's error boundary. */
export const SHELL_CLIENT_MESSAGES = [
  "nav.language",
  "nav.applyLanguage",
  "errors.genericTitle",
  "errors.genericBody",
  "errors.reference",
  "errors.retry",
] as const;

/** What a form's result (components/ui/form-result.tsx) reads: the link to a re-credit's invoice. */
export const FORM_RESULT_MESSAGES = ["recreditOutcome.invoice"] as const;
