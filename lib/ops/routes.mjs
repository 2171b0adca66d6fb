// @ts-check
/**
 * The route template of a path, for metric labels: bounded cardinality, so a path with an id becomes one series.
 * A segment that carries a digit (an SMS account's service name, an order id, a token) becomes `:id`; static
 * assets collapse to one label each folder.
 * @param {string} pathname
 */
export function routeTemplate(pathname) {
  if (pathname.startsWith("/_next/static/")) return "/_next/static/*";
  if (pathname.startsWith("/_next/image")) return "/_next/image";
  const segments = (pathname.split("?")[0] ?? "").split("/").slice(0, 8);
  return segments.map((s, i) => (!(i === 1 && s === "1.0") && /\d/.test(s) || s.length > 40 ? ":id" : s)).join("/") || "/";
}
