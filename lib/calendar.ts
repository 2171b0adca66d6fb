import { UTCDate } from "@date-fns/utc";
import { addMonths, differenceInCalendarDays, differenceInCalendarMonths, startOfDay } from "date-fns";

/**
 * Calendar arithmetic in UTC. Service age and eligibility dates are calendar dates in UTC, whatever the time zone
 * of the server or of the user.
 */

/** The UTC calendar day (midnight UTC) of an instant. */
export function utcDay(instant: Date): Date {
  return new Date(startOfDay(new UTCDate(instant.getTime())).getTime());
}

/**
 * The UTC calendar day `months` after the day of `instant`, clamped to the end of shorter months:
 * 31 December + 2 months = last day of February (28 or 29).
 */
export function addCalendarMonthsUtc(instant: Date, months: number): Date {
  return new Date(addMonths(new UTCDate(utcDay(instant).getTime()), months).getTime());
}

/** Whole calendar months and remaining days from `from` to `to`, in UTC days, for "1 year, 2 months" style ages. */
export function calendarAge(from: Date, to: Date): { years: number; months: number; days: number } {
  const start = utcDay(from);
  const end = utcDay(to);
  if (end < start) return { years: 0, months: 0, days: 0 };
  let totalMonths = differenceInCalendarMonths(new UTCDate(end.getTime()), new UTCDate(start.getTime()));
  // A month only counts once its day has been reached (clamped at month end).
  if (addCalendarMonthsUtc(start, totalMonths) > end) totalMonths -= 1;
  const anniversary = addCalendarMonthsUtc(start, totalMonths);
  const days = differenceInCalendarDays(new UTCDate(end.getTime()), new UTCDate(anniversary.getTime()));
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12, days };
}
