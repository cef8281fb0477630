import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { EventDelivery } from '../constructs/event-delivery';
import { Monitoring } from '../constructs/monitoring';
import { type DataResources, importedDataResources } from '../constructs/tracker-function';

export interface EventsStackProps extends StackProps {
  data: Pick<DataResources, 'table' | 'key' | 'senderEmail'>;
  bus: IEventBus;
  /** The API's base URL, for links in e-mails (unsubscribe). */
  apiUrl: string;
  /** The workspace's URL, for links in Teams cards. */
  workspaceUrl?: string;
  reserveConcurrency?: boolean;
  alarmEmail?: string;
}

/**
 * The stateless event side: the table stream's publisher, the bus's rules and their consumers, the
 * schedules, their dead-letter and on-failure queues, and their monitoring. Split from the API stack
 * to keep each under CloudFormation's 500 resources with room for what comes next (webhooks).
 */
export class EventsStack extends Stack {
  readonly events: EventDelivery;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    this.events = new EventDelivery(this, 'Events', {
      data: importedDataResources(props.data),
      bus: props.bus,
      reserveConcurrency: props.reserveConcurrency ?? false,
      apiUrl: props.apiUrl,
      ...(props.workspaceUrl ? { workspaceUrl: props.workspaceUrl } : {}),
    });
    new Monitoring(this, 'EventsMonitoring', {
      name: 'events',
      functions: new Map<string, IFunction>([
        ['PublishEvents', this.events.publisher],
        ...[...this.events.consumers.values()].map((f, i) => [`Consumer${i + 1}`, f] as [string, IFunction]),
        ...this.events.jobs,
      ]),
      deadLetterQueues: new Map([
        ['StreamDlq', this.events.streamDlq],
        ['RuleTargetDlq', this.events.targetDlq],
        ['ScheduleDlq', this.events.scheduleDlq],
        ['AsyncFailureQueue', this.events.asyncFailureQueue],
      ]),
      streamConsumer: this.events.publisher,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
  }
}
