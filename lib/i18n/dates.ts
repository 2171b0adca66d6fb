/**
 * The panel's one way of writing a date, on every page and at every width: "24 Nov 2026" (dateStyle medium, in the
 * reader's language), and with the time where the time matters: "24 Nov 2026, 14:05". Pass to next-intl's
 * `format.dateTime(date, DATE)` or to Intl.DateTimeFormat.
 */
export const DATE = { dateStyle: "medium" } as const satisfies Intl.DateTimeFormatOptions;
export const DATE_TIME = { dateStyle: "medium", timeStyle: "short" } as const satisfies Intl.DateTimeFormatOptions;
/** Calendar dates of the rules (an account's creation, its eligibility) are UTC days. */
export const UTC_DATE = { ...DATE, timeZone: "UTC" } as const satisfies Intl.DateTimeFormatOptions;
