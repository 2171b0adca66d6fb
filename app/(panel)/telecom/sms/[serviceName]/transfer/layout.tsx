import { ClientMessages, FORM_RESULT_MESSAGES } from "@/components/client-messages";

/** The messages the client components of the transfer page read, and no others (components/client-messages.tsx). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages keys={["transfer", "combobox", "errors.transfer", "validation.chooseTarget", ...FORM_RESULT_MESSAGES]}>{children}</ClientMessages>;
}
