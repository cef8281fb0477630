/**
 * Bank holidays in England (and Wales), as GOV.UK publishes them: https://www.gov.uk/bank-holidays
 * (the `england-and-wales` division of https://www.gov.uk/bank-holidays.json), including substitute
 * days and the one-off ones (the coronation, the Queen's state funeral). Add each new year's dates
 * when GOV.UK publishes them; dates after the last year listed count weekends only (see
 * working-days.ts, which says so).
 */
export const ENGLAND_BANK_HOLIDAYS: readonly string[] = [
  // 2022
  '2022-01-03',
  '2022-04-15',
  '2022-04-18',
  '2022-05-02',
  '2022-06-02',
  '2022-06-03',
  '2022-08-29',
  '2022-09-19',
  '2022-12-26',
  '2022-12-27',
  // 2023
  '2023-01-02',
  '2023-04-07',
  '2023-04-10',
  '2023-05-01',
  '2023-05-08',
  '2023-05-29',
  '2023-08-28',
  '2023-12-25',
  '2023-12-26',
  // 2024
  '2024-01-01',
  '2024-03-29',
  '2024-04-01',
  '2024-05-06',
  '2024-05-27',
  '2024-08-26',
  '2024-12-25',
  '2024-12-26',
  // 2025
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  // 2026
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  // 2027
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];
