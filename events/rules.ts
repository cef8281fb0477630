import type { HandlerAccess } from '../functions/routes';
import { EVENT_SOURCE } from './envelope';
import type { EventPattern } from './pattern';

/**
 * EventBridge rules, declared once: the CDK app creates them on the custom bus (each target with a
 * DLQ and a retry policy); the local bus applies the same patterns and invokes the same handlers.
 */
export interface RuleDefinition {
  id: string;
  description: string;
  pattern: EventPattern;
  /** Consumer handler module, relative to the repository root; it exports `handler`. */
  target: string;
  /** What the consumer may do (the CDK grants exactly this). */
  access: HandlerAccess;
  /** Lambda timeout when the default is too short. */
  timeoutSeconds?: number;
}

export const RULES: readonly RuleDefinition[] = [
  {
    id: 'RegionalDutyLogged',
    description: 'Duties logged by regions and their ICSs',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['Duty Logged'],
      detail: { data: { tier: ['region', 'ics'] } },
    },
    target: 'functions/consumers/record-notification.handler.ts',
    access: { table: ['PutItem'], writeKeys: ['notification'] },
  },
  {
    id: 'NationalDutyLogged',
    description: 'Duties logged by national teams',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': ['Duty Logged'],
      detail: { data: { tier: ['national'] } },
    },
    target: 'functions/consumers/record-notification.handler.ts',
    access: { table: ['PutItem'], writeKeys: ['notification'] },
  },
  {
    id: 'DutyOverdueOrDueSoon',
    description:
      'Overdue duties at every escalation level, due-soon reminders, missed responses to red, and sign-offs to give',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        'Duty Overdue',
        'Duty Due Soon',
        'Duty Acknowledged',
        'Response To Red Overdue',
        'Sign-off Changed',
      ],
    },
    target: 'functions/consumers/record-notification.handler.ts',
    access: { table: ['PutItem'], writeKeys: ['notification'] },
  },
  {
    id: 'SummaryRequested',
    description: 'A digest or report asked for asynchronously: the worker makes it',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['Summary Requested'] },
    target: 'functions/consumers/generate-summary.handler.ts',
    access: {
      table: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchGetItem'],
      writeKeys: ['summary', 'measures'],
      reports: 'write',
    },
    timeoutSeconds: 900,
  },
  {
    id: 'SummaryGenerated',
    description: 'A digest or report was generated: e-mail it to its subscribers',
    pattern: { source: [EVENT_SOURCE], 'detail-type': ['Accountability Summary Generated'] },
    target: 'functions/consumers/send-summary.handler.ts',
    access: {
      table: ['Query', 'PutItem', 'DeleteItem'],
      writeKeys: ['sent'],
      reports: 'read',
      mail: true,
    },
  },
  {
    id: 'Webhooks',
    description:
      'Every event: queued for the webhooks that want it, and delivered (docs/events.md, "Webhooks")',
    pattern: { source: [EVENT_SOURCE] },
    target: 'functions/consumers/dispatch-webhooks.handler.ts',
    access: {
      table: ['Query', 'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
      writeKeys: ['webhook'],
      mail: true,
      // Teams cards show a summary's counts and most overdue items.
      reports: 'read',
    },
    timeoutSeconds: 120,
  },
];
