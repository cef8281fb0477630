import { describe, expect, it } from 'vitest';
import { ENGLAND_BANK_HOLIDAYS } from '../../shared/calendar/bank-holidays';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../shared/calendar/working-days';

describe('working days in England', () => {
  it('skips weekends and bank holidays, including substitute days', () => {
    expect(isWorkingDay('2026-12-25')).toBe(false); // Christmas Day, a Friday
    expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day falls on Saturday: Monday instead
    expect(isWorkingDay('2026-12-29')).toBe(true);
    expect(isWorkingDay('2027-03-29')).toBe(false); // Easter Monday
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07'); // over Good Friday and Easter Monday
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(workingDaysBetween('2026-12-18', '2027-01-06')).toBe(10);
    expect(workingDaysBetween('2027-01-06', '2026-12-18')).toBe(0);
  });

  it('lists each year’s eight bank holidays (the extra ones in 2022 and 2023), in order, on weekdays', () => {
    const perYear = new Map<string, number>();
    for (const d of ENGLAND_BANK_HOLIDAYS) perYear.set(d.slice(0, 4), (perYear.get(d.slice(0, 4)) ?? 0) + 1);
    expect(Object.fromEntries(perYear)).toEqual({
      '2022': 10,
      '2023': 9,
      '2024': 8,
      '2025': 8,
      '2026': 8,
      '2027': 8,
    });
    expect([...ENGLAND_BANK_HOLIDAYS].sort()).toEqual([...ENGLAND_BANK_HOLIDAYS]);
    for (const d of ENGLAND_BANK_HOLIDAYS)
      expect([0, 6]).not.toContain(new Date(`${d}T12:00:00Z`).getUTCDay());
  });
});
