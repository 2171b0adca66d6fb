/**
 * Where the panel may send a browser after a login or a change of language: a path of this site only. Browsers
 * strip tabs and line breaks from a URL and read "\" as "/", so "/\t/evil.example" becomes "//evil.example", another
 * site: any control or whitespace character (tab, CR, LF, NUL, U+3000, no-break spaces…) and any backslash refuse
 * the value, as do "//" and anything that is not a path starting with a single "/".
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\s\\]/u;

export function safeRedirectPath(value: unknown, fallback = "/telecom/sms"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return fallback;
  // What a browser would make of it, resolved against a placeholder origin, must stay on that origin.
  try {
    const base = "http://panel.invalid";
    if (new URL(value, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return value;
}
