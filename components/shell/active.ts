/**
 * Which of a set of links is the current one: the longest href that is the pathname or a parent of it
 * ("/telecom/sms/rates" beats "/telecom/sms" on the rates page). A link marked `exact` matches only itself.
 */
export function activeHref(pathname: string, links: Array<{ href: string; exact?: boolean }>): string | undefined {
  let best: string | undefined;
  for (const { href, exact } of links) {
    const matches = pathname === href || (!exact && pathname.startsWith(href.endsWith("/") ? href : `${href}/`));
    if (matches && (best === undefined || href.length > best.length)) best = href;
  }
  return best;
}
