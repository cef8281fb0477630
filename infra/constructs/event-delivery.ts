import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RULES } from '../../events/rules';
import { rendersHtml } from '../../functions/routes';
import { SCHEDULES } from '../../functions/schedules';
import { type DataResources, TrackerFunction } from './tracker-function';

export interface EventDeliveryProps {
  data: DataResources;
  bus: IEventBus;
  reserveConcurrency: boolean;
  /** The API's base URL, for links in e-mails (unsubscribe). */
  apiUrl: string;
  /** The workspace's URL (from the callback URLs), for links in Teams cards. */
  workspaceUrl?: string;
}

/** A queue that holds what could not be delivered, for 14 days, encrypted, TLS only. */
function deadLetterQueue(scope: Construct, id: string, holds: string): Queue {
  const queue = new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue: ${holds}.`,
  });
  return queue;
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
  /** What asynchronously invoked functions (consumers, jobs) failed on after Lambda's own retries. */
  readonly asyncFailureQueue: Queue;
  readonly consumers = new Map<string, TrackerFunction>();
  readonly jobs = new Map<string, TrackerFunction>();

  constructor(scope: Construct, id: string, props: EventDeliveryProps) {
    super(scope, id);
    const { data, bus } = props;
    const { table, key } = data;

    this.streamDlq = deadLetterQueue(
      this,
      'StreamDlq',
      'stream records the publisher could not map or publish',
    );
    this.publisher = new TrackerFunction(this, 'PublishEvents', {
      logsKey: props.data.key,
      entry: 'functions/stream/publish-events.handler.ts',
      description: 'Table stream -> EventBridge: maps item changes to events and publishes them',
      // The event source mapping's DLQ gets only where a failed record was; the publisher also puts
      // the record itself there, so it can be replayed after the stream's 24 hours.
      environment: { EVENT_BUS_NAME: bus.eventBusName, STREAM_FAILURE_QUEUE_URL: this.streamDlq.queueUrl },
      timeout: Duration.minutes(1),
    });
    this.streamDlq.grantSendMessages(this.publisher);
    bus.grantPutEventsTo(this.publisher);
    // Stream records of a KMS-encrypted table are decrypted with the table's key.
    this.publisher.addToRolePolicy(
      new PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] }),
    );
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

    this.targetDlq = deadLetterQueue(this, 'RuleTargetDlq', 'events the rule targets could not take');
    // A target that took an event and then threw is retried twice by Lambda; after that the event
    // (with the error) lands here instead of being dropped.
    this.asyncFailureQueue = deadLetterQueue(
      this,
      'AsyncFailureQueue',
      'events and scheduled invocations a consumer or job failed on after its retries',
    );
    const onFailure = new SqsDestination(this.asyncFailureQueue);
    for (const rule of RULES) {
      let consumer = this.consumers.get(rule.target);
      if (!consumer) {
        consumer = new TrackerFunction(this, `Consumer${this.consumers.size + 1}`, {
          logsKey: props.data.key,
          entry: rule.target,
          description: `Event consumer (${rule.target})`,
          environment: {
            TABLE_NAME: table.tableName,
            PUBLIC_API_URL: props.apiUrl,
            // Links in Teams cards open the workspace.
            ...(props.workspaceUrl ? { WORKSPACE_URL: props.workspaceUrl } : {}),
          },
          ...(props.reserveConcurrency ? { reservedConcurrentExecutions: 5 } : {}),
          ...(rule.timeoutSeconds ? { timeout: Duration.seconds(rule.timeoutSeconds) } : {}),
          ...(rendersHtml(rule.id, rule.access) ? { rendersHtml: true, memorySize: 1024 } : {}),
        });
        consumer.grantAccess(rule.access, data);
        consumer.configureAsyncInvoke({ onFailure, retryAttempts: 2, maxEventAge: Duration.hours(6) });
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

    this.scheduleDlq = deadLetterQueue(this, 'ScheduleDlq', 'scheduled invocations that failed');
    for (const schedule of SCHEDULES) {
      const job = new TrackerFunction(this, schedule.id, {
        logsKey: props.data.key,
        entry: schedule.handler,
        description: `${schedule.id}: ${schedule.description}`,
        environment: { TABLE_NAME: table.tableName },
        timeout: Duration.minutes(5),
        // One sweep at a time is plenty; concurrent ones are safe but only add load.
        ...(props.reserveConcurrency ? { reservedConcurrentExecutions: 1 } : {}),
        ...(rendersHtml(schedule.id, schedule.access) ? { rendersHtml: true } : {}),
      });
      job.grantAccess(schedule.access, data);
      job.configureAsyncInvoke({ onFailure, retryAttempts: 2, maxEventAge: Duration.hours(6) });

      this.jobs.set(schedule.id, job);
      new Schedule(this, `${schedule.id}Schedule`, {
        description: schedule.description,
        schedule: ScheduleExpression.expression(schedule.expression, TimeZone.EUROPE_LONDON),
        target: new LambdaInvoke(job, {
          deadLetterQueue: this.scheduleDlq,
          retryAttempts: 3,
          ...(schedule.input ? { input: ScheduleTargetInput.fromObject(schedule.input) } : {}),
        }),
      });
    }
    // CDK's shared Scheduler target role may invoke each job's versions too (`<function arn>:*`).
    const stack = Stack.of(this);
    for (const child of stack.node.children.filter((c) => c.node.id.startsWith('SchedulerRoleForTarget'))) {
      const policy = child.node.tryFindChild('DefaultPolicy');
      if (!policy) continue;
      for (const job of this.jobs.values()) {
        const logicalId = stack.resolve(stack.getLogicalId(job.node.defaultChild as CfnElement)) as string;
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
          reason: 'Written by CDK for EventBridge Scheduler: invoking the job function and its versions.',
        });
      }
    }
  }
}
