import type { HandlerAccess } from './routes';

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
  /** The payload the schedule invokes the handler with. */
  input?: Record<string, unknown>;
  access: HandlerAccess;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    id: 'Seal',
    description:
      'Seals the heads of every commitment whose record moved, and new final summaries, in a signed append-only seal outside the table',
    expression: 'rate(1 hour)',
    timezone: 'Europe/London',
    handler: 'functions/audit/seal.handler.ts',
    localEveryMinutes: 5,
    access: {
      table: ['Query', 'BatchGetItem'],
      indexes: ['byUnit', 'byRegion', 'history'],
      seals: 'write',
    },
  },
  {
    id: 'ApplyOrgChanges',
    description: 'Applies recorded org changes whose effective date has come: moves their commitments',
    expression: 'cron(5 0 * * ? *)',
    timezone: 'Europe/London',
    handler: 'functions/org-units/apply-org-changes.handler.ts',
    localEveryMinutes: 60,
    access: {
      table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'],
      writeKeys: ['orgChange', 'commitment'],
      indexes: ['byUnit'],
    },
  },
  {
    id: 'OverdueSweep',
    description: 'Marks commitments that became overdue or due soon; each mark becomes one event',
    expression: 'cron(0 6 * * ? *)',
    timezone: 'Europe/London',
    handler: 'functions/sweep/overdue-sweep.handler.ts',
    localEveryMinutes: 60,
    access: {
      table: ['GetItem', 'Query', 'BatchGetItem', 'PutItem'],
      writeKeys: ['mark'],
      indexes: ['openByDue', 'history'],
    },
  },
  {
    id: 'WeeklyDigests',
    description:
      'Digests of the week just ended, for national and each region (then e-mailed to subscribers)',
    expression: 'cron(0 7 ? * MON *)',
    timezone: 'Europe/London',
    handler: 'functions/summaries/scheduled-summaries.handler.ts',
    access: {
      table: ['GetItem', 'PutItem', 'Query', 'BatchGetItem'],
      writeKeys: ['summary', 'measures'],
      indexes: ['byUnit', 'byRegion', 'history'],
      reports: 'write',
    },
    localEveryMinutes: 360,
    input: { cadence: 'weekly-digest' },
  },
  {
    id: 'MonthlyReports',
    description: 'Governance reports of the month just ended, for national and each region',
    expression: 'cron(0 7 1 * ? *)',
    timezone: 'Europe/London',
    handler: 'functions/summaries/scheduled-summaries.handler.ts',
    access: {
      table: ['GetItem', 'PutItem', 'Query', 'BatchGetItem'],
      writeKeys: ['summary', 'measures'],
      indexes: ['byUnit', 'byRegion', 'history'],
      reports: 'write',
    },
    localEveryMinutes: 720,
    input: { cadence: 'monthly-report' },
  },
  {
    id: 'QuarterlyReports',
    description: 'Governance reports of the quarter just ended, for national and each region',
    expression: 'cron(0 7 1 1,4,7,10 ? *)',
    timezone: 'Europe/London',
    handler: 'functions/summaries/scheduled-summaries.handler.ts',
    access: {
      table: ['GetItem', 'PutItem', 'Query', 'BatchGetItem'],
      writeKeys: ['summary', 'measures'],
      indexes: ['byUnit', 'byRegion', 'history'],
      reports: 'write',
    },
    localEveryMinutes: 1440,
    input: { cadence: 'quarterly-report' },
  },
  {
    id: 'WebhookDeliveries',
    description: "Delivers every webhook's due retries, oldest first (backoff with jitter, for a day)",
    expression: 'rate(1 minute)',
    timezone: 'Europe/London',
    handler: 'functions/webhooks/deliver-webhooks.handler.ts',
    localEveryMinutes: 1,
    access: {
      table: ['Query', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
      writeKeys: ['webhook'],
      mail: true,
    },
  },
];
