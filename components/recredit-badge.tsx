import { getTranslations } from "next-intl/server";
import { isRecreditOn } from "@/lib/recredit-rules";
import { Badge } from "./ui/badge";

/** On / Off badge of an account's automatic re-credit (Home and Options › Automatic re-credit). */
export async function RecreditBadge({ account }: { account: { recreditAmount: number | null } }) {
  const t = await getTranslations("home");
  const on = isRecreditOn(account);
  return <Badge tone={on ? "success" : "neutral"}>{on ? t("recreditOn") : t("recreditOff")}</Badge>;
}
