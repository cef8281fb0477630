/**
 * Scheduled jobs, declared once: the CDK app turns each into an EventBridge Scheduler schedule in
 * Europe/London time; `npm start` runs each on a local timer; `npm run job -- <id>` runs one now.
 */
export interface ScheduleDefinition {
  id: string;
  description: string;
  /** Scheduler expression (`rate(...)` or `cron(...)`), evaluated in `timezone`. */
  expression: string;
  timezone: 'Europe/London';
  handler: string;
  /** How often the local timer runs it (the local runtime does not evaluate cron). */
  localEveryMinutes: number;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    id: 'OverdueSweep',
    description: 'Marks commitments that became overdue or due soon; each mark becomes one event',
    expression: 'cron(0 6 * * ? *)',
    timezone: 'Europe/London',
    handler: 'functions/sweep/overdue-sweep.handler.ts',
    localEveryMinutes: 60,
  },
];
