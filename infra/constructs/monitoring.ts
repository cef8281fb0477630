import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** CloudWatch lets one alarm's metric math read at most ten metrics. */
const MAX_METRICS_PER_ALARM = 10;

export interface MonitoringProps {
  /** `accountability-tracker-<name>`: each stack has its dashboard and alarm topic. */
  name: 'api' | 'events';
  functions: ReadonlyMap<string, IFunction>;
  deadLetterQueues?: ReadonlyMap<string, IQueue>;
  /** The stream publisher: its iterator age says how far events lag behind writes. */
  streamConsumer?: IFunction;
  apiId?: string;
  alarmEmail?: string;
}

/**
 * Alarms on what means trouble (any message in a DLQ, function errors and throttles, events lagging
 * the table by more than a minute, API 5xx) to one encrypted SNS topic, and a dashboard of the same.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts alarm notifications',
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', {
      masterKey: key,
      enforceSSL: true,
      displayName: `Accountability tracker alarms (${props.name})`,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    const queues = props.deadLetterQueues ?? new Map<string, IQueue>();
    for (const [name, queue] of queues) {
      alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        `${name}: something could not be delivered; inspect and redrive the queue`,
      );
    }
    // Every function's errors and throttles, ten functions to an alarm (the most metrics one alarm's
    // math may read): one alarm per function would take the stack past CloudFormation's 500 resources.
    const functions = [...props.functions];
    for (let i = 0; i < functions.length; i += MAX_METRICS_PER_ALARM) {
      const group = functions.slice(i, i + MAX_METRICS_PER_ALARM);
      const names = group.map(([name]) => name).join(', ');
      const sum = (metricOf: (fn: IFunction) => IMetric) =>
        new MathExpression({
          expression: group.map((_, j) => `m${j}`).join(' + '),
          usingMetrics: Object.fromEntries(group.map(([, fn], j) => [`m${j}`, metricOf(fn)])),
          period: Duration.minutes(5),
        });
      const n = i / MAX_METRICS_PER_ALARM + 1;
      alarm(
        `FunctionErrors${n}`,
        sum((fn) => fn.metricErrors({ period: Duration.minutes(5) })),
        1,
        `A function failed (one of: ${names}); the dashboard's "Function errors" shows which`,
      );
      alarm(
        `FunctionThrottles${n}`,
        sum((fn) => fn.metricThrottles({ period: Duration.minutes(5) })),
        1,
        `A function was throttled (one of: ${names})`,
      );
    }
    const graphs: GraphWidget[] = [];
    if (props.streamConsumer) {
      const iteratorAge = new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: props.streamConsumer.functionName },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      });
      alarm('StreamIteratorAge', iteratorAge, 60_000, 'Events lag the table by more than a minute');
      graphs.push(new GraphWidget({ title: 'Stream iterator age (ms)', left: [iteratorAge], width: 8 }));
    }
    if (props.apiId) {
      const api5xx = new Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '5xx',
        dimensionsMap: { ApiId: props.apiId },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
      alarm('Api5xx', api5xx, 5, 'The API answered 5xx five or more times in five minutes');
      graphs.push(new GraphWidget({ title: 'API 5xx', left: [api5xx], width: 8 }));
    }
    if (queues.size)
      graphs.push(
        new GraphWidget({
          title: 'DLQ depth',
          left: [...queues.values()].map((q) => q.metricApproximateNumberOfMessagesVisible()),
          width: 8,
        }),
      );

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `accountability-tracker-${props.name}`,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Accountability tracker: ${props.name === 'api' ? 'the API' : 'event delivery, schedules and dead-letter queues'}`,
        width: 24,
        height: 2,
      }),
      ...graphs,
      new GraphWidget({
        title: 'Function errors',
        left: [...props.functions.values()].map((f) => f.metricErrors()),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function duration p99',
        left: [...props.functions.values()].map((f) => f.metricDuration({ statistic: 'p99' })),
        width: 12,
      }),
    );
  }
}
