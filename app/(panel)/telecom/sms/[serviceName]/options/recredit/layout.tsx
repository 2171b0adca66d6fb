import { ClientMessages, FORM_RESULT_MESSAGES } from "@/components/client-messages";

/** The messages the client components of the re-credit page read, and no others (components/client-messages.tsx). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages keys={["recredit", "alerts", "callbacks", ...FORM_RESULT_MESSAGES]}>{children}</ClientMessages>;
}
