import { ValidationError } from '../http/problem';

/** A reporting period: inclusive calendar dates (UTC) and the label it was asked for. */
export interface Period {
  label: string;
  kind: 'week' | 'month' | 'quarter' | 'custom';
  start: string;
  end: string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

/** Monday of ISO week 1 of a year. */
function isoWeekOneMonday(year: number): number {
  const jan4 = utc(year, 1, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY;
}

/** `2026-W48`, `2026-11`, `2026-Q3`, or `2026-11-01..2026-11-30`. */
export function parsePeriod(label: string, field = 'period'): Period {
  const invalid = () =>
    new ValidationError([
      {
        path: field,
        message:
          'Must be a week (2026-W48), month (2026-11), quarter (2026-Q3) or range (2026-11-01..2026-11-30)',
      },
    ]);
  let m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (m) {
    const week = Number(m[2]);
    if (week < 1 || week > 53) throw invalid();
    const start = isoWeekOneMonday(Number(m[1])) + (week - 1) * 7 * DAY;
    return { label, kind: 'week', start: iso(start), end: iso(start + 6 * DAY) };
  }
  m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) throw invalid();
    return { label, kind: 'month', start: iso(utc(y, mo, 1)), end: iso(utc(y, mo + 1, 1) - DAY) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    return {
      label,
      kind: 'quarter',
      start: iso(utc(y, (q - 1) * 3 + 1, 1)),
      end: iso(utc(y, q * 3 + 1, 1) - DAY),
    };
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(label);
  if (
    m &&
    !Number.isNaN(Date.parse(m[1] as string)) &&
    !Number.isNaN(Date.parse(m[2] as string)) &&
    (m[1] as string) <= (m[2] as string)
  ) {
    return { label, kind: 'custom', start: m[1] as string, end: m[2] as string };
  }
  throw invalid();
}

/** The period of the same kind just before this one (custom ranges: the same length before). */
export function previousPeriod(p: Period): Period {
  const before = iso(Date.parse(p.start) - DAY);
  const [y, mo] = before.split('-').map(Number) as [number, number];
  if (p.kind === 'month') return parsePeriod(before.slice(0, 7));
  if (p.kind === 'quarter') return parsePeriod(`${y}-Q${Math.floor((mo - 1) / 3) + 1}`);
  const length = Date.parse(p.end) - Date.parse(p.start);
  const start = iso(Date.parse(before) - length);
  if (p.kind === 'week') return { ...p, label: weekLabel(start), start, end: before };
  return { label: `${start}..${before}`, kind: 'custom', start, end: before };
}

/** The ISO week label of a date. */
export function weekLabel(date: string): string {
  const ms = Date.parse(date);
  const thursday = ms + (3 - ((new Date(ms).getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The quarter a date falls in, as a period label: 2026-11-25 is 2026-Q4. */
export const quarterLabel = (date: string) =>
  `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

export const addDays = (date: string, days: number) => iso(Date.parse(date) + days * DAY);
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/** UK civil time: summaries' periods are London calendar days, whatever the clocks do in between. */
export const TIME_ZONE = 'Europe/London';

/**
 * Made on first use, not at import: a formatter with a time zone loads ICU's zone data (about 6 ms),
 * which every function importing this module would otherwise pay at cold start, used or not.
 */
let londonFormat: Intl.DateTimeFormat | undefined;
const londonParts = {
  formatToParts(date: Date): Intl.DateTimeFormatPart[] {
    londonFormat ??= new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      timeZoneName: 'shortOffset',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    return londonFormat.formatToParts(date);
  },
};

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer time). */
function londonOffsetMinutes(ms: number): number {
  const name = londonParts.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** London dates by UTC hour: clocks change on the hour (01:00 UTC), so the hour decides the date. */
const byHour = new Map<string, string>();

/** The London calendar date of an instant (memoised by UTC hour for ISO strings: summaries call it per action). */
export function londonDate(instant: string | Date): string {
  if (typeof instant === 'string' && instant.length >= 13 && instant.endsWith('Z')) {
    const hour = instant.slice(0, 13);
    const known = byHour.get(hour);
    if (known) return known;
    const date = londonDateOf(`${hour}:00:00.000Z`);
    if (byHour.size > 50_000) byHour.clear();
    byHour.set(hour, date);
    return date;
  }
  return londonDateOf(instant);
}

function londonDateOf(instant: string | Date): string {
  const parts = londonParts.formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The first instant of a London calendar day (UTC ISO). Clocks change at 01:00 UTC, never at midnight. */
export function londonStartOfDay(date: string): string {
  const guess = Date.parse(`${date}T00:00:00.000Z`);
  return new Date(guess - londonOffsetMinutes(guess) * 60_000).toISOString();
}

/** The last instant (to the millisecond) of a London calendar day (UTC ISO). */
export function londonEndOfDay(date: string): string {
  return new Date(Date.parse(londonStartOfDay(addDays(date, 1))) - 1).toISOString();
}

/** A period's first and last instants: what "in the period" and "as at its end" mean. */
export const periodInstants = (p: Pick<Period, 'start' | 'end'>) => ({
  from: londonStartOfDay(p.start),
  to: londonEndOfDay(p.end),
});

/** Whether the period is over at `now`: only then can its summary be final. */
export const periodEnded = (p: Pick<Period, 'end'>, now: Date) => now.toISOString() > londonEndOfDay(p.end);
