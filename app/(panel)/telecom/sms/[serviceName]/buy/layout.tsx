import { ClientMessages } from "@/components/client-messages";

/** The messages the client components of the buy page read, and no others (components/client-messages.tsx). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages keys={["buy", "errors.buy"]}>{children}</ClientMessages>;
}
