import { ENGLAND_BANK_HOLIDAYS } from './bank-holidays';

const HOLIDAYS = new Set(ENGLAND_BANK_HOLIDAYS);

const DAY = 86_400_000;
const next = (date: string, days = 1) => new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10);

/** A weekday that is not a bank holiday in England. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date);
}

/** The `n`th working day after `date` (n = 0: `date` itself). Weekends and England's bank holidays skipped. */
export function addWorkingDays(date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = next(day);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = next(from); day <= to; day = next(day)) if (isWorkingDay(day)) count++;
  return count;
}
