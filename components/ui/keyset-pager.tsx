import Link from "next/link";
import { buttonClass } from "./button";

/**
 * The two links of a list paged by key, newest first: back to the newest page (when not on it) and on to older
 * entries (when there are any). Nothing is shown when the list fits one page.
 */
export function KeysetPager({ label, newest, older }: { label: string; newest?: { href: string; label: string }; older?: { href: string; label: string } }) {
  if (!newest && !older) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap justify-between gap-2">
      {newest ? <Link href={newest.href} className={buttonClass("secondary")}>{newest.label}</Link> : <span />}
      {older ? <Link href={older.href} className={buttonClass("secondary")}>{older.label}</Link> : null}
    </nav>
  );
}
