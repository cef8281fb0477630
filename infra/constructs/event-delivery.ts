import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RULES } from '../../events/rules';
import { SCHEDULES } from '../../functions/schedules';
import { TrackerFunction } from './tracker-function';

export interface EventDeliveryProps {
  table: ITableV2;
  bus: IEventBus;
}

/** A queue that holds what could not be delivered, for 14 days, encrypted, TLS only. */
function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

/** The manifest's EventBridge pattern (`detail-type`) in the CDK's spelling (`detailType`). */
export function toCdkPattern(pattern: Record<string, unknown>): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return { ...rest, ...(detailType ? { detailType } : {}) } as EventPattern;
}

/**
 * Table stream -> publisher Lambda -> custom bus -> rules (from events/rules.ts) -> consumers, and the
 * schedules from functions/schedules.ts. Every asynchronous hop has retries and a DLQ.
 */
export class EventDelivery extends Construct {
  readonly publisher: TrackerFunction;
  readonly streamDlq: Queue;
  readonly targetDlq: Queue;
  readonly scheduleDlq: Queue;
  readonly consumers = new Map<string, TrackerFunction>();
  readonly jobs = new Map<string, TrackerFunction>();

  constructor(scope: Construct, id: string, props: EventDeliveryProps) {
    super(scope, id);
    const { table, bus } = props;

    this.streamDlq = deadLetterQueue(this, 'StreamDlq');
    this.publisher = new TrackerFunction(this, 'PublishEvents', {
      entry: 'functions/stream/publish-events.handler.ts',
      description: 'Table stream -> EventBridge: maps item changes to events and publishes them',
      environment: { EVENT_BUS_NAME: bus.eventBusName },
      timeout: Duration.minutes(1),
    });
    bus.grantPutEventsTo(this.publisher);
    this.publisher.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 8,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.streamDlq),
      }),
    );

    this.targetDlq = deadLetterQueue(this, 'RuleTargetDlq');
    for (const rule of RULES) {
      let consumer = this.consumers.get(rule.target);
      if (!consumer) {
        consumer = new TrackerFunction(this, `Consumer${this.consumers.size + 1}`, {
          entry: rule.target,
          description: `Event consumer (${rule.target})`,
          environment: { TABLE_NAME: table.tableName },
        });
        table.grant(consumer, 'dynamodb:PutItem');
        this.consumers.set(rule.target, consumer);
      }
      new Rule(this, rule.id, {
        eventBus: bus,
        description: rule.description,
        eventPattern: toCdkPattern(rule.pattern),
        targets: [
          new LambdaFunction(consumer, {
            deadLetterQueue: this.targetDlq,
            retryAttempts: 8,
            maxEventAge: Duration.hours(6),
          }),
        ],
      });
    }

    this.scheduleDlq = deadLetterQueue(this, 'ScheduleDlq');
    for (const schedule of SCHEDULES) {
      const job = new TrackerFunction(this, schedule.id, {
        entry: schedule.handler,
        description: `${schedule.id}: ${schedule.description}`,
        environment: { TABLE_NAME: table.tableName },
        timeout: Duration.minutes(5),
      });
      table.grantReadData(job);
      table.grant(job, 'dynamodb:PutItem');
      this.jobs.set(schedule.id, job);
      new Schedule(this, `${schedule.id}Schedule`, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.EUROPE_LONDON),
        target: new LambdaInvoke(job, { deadLetterQueue: this.scheduleDlq, retryAttempts: 3 }),
      });
    }
  }
}
