import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../events/envelope';
import { INDEX_LIST, KEY, TTL_ATTRIBUTE } from '../../shared/db/table';

/**
 * The stateful stack: what holds data. Functions live in the API stack so they can be redeployed
 * (or the API stack destroyed and recreated) without touching this one.
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      globalSecondaryIndexes: INDEX_LIST.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
      })),
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The bus and its archive are state too: the archive is what a replay reads.
    this.bus = new EventBus(this, 'Bus', { eventBusName: 'accountability-tracker' });
    new Archive(this, 'BusArchive', {
      sourceEventBus: this.bus,
      description: 'Every event the tracker publishes, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });
  }
}
