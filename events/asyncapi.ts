import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { contractFileName, EVENT_CATALOGUE } from './catalogue';
import { asyncApiMessageId, detailSchema, EVENT_SOURCE, type EventContract } from './envelope';

/**
 * The event catalogue as an AsyncAPI 3.0 document (docs/events.md, "The contract"), generated from the
 * zod contracts: every event type and version as a channel and a message, the EventBridge bus as the
 * server, the message payload the envelope an EventBridge rule target receives, with an example.
 * `npm run events:schemas` writes it to docs/asyncapi.json; GET /asyncapi.json serves it.
 */
const DRAFT_07 = 'application/schema+json;version=draft-07';

/** A message's id: `DutyLoggedV1`. */
export const messageId = (c: EventContract) => asyncApiMessageId(c.detailType, c.version);
/** A channel's id: the JSON Schema file's name without `.schema.json` (`duty-logged.v1`). */
export const channelId = (c: EventContract) => contractFileName(c).replace(/\.schema\.json$/, '');

/** What an EventBridge rule target receives: the envelope, with `detail` as the contract says. */
function envelopeSchema(contract: EventContract): Record<string, unknown> {
  const detail = z.toJSONSchema(detailSchema(contract), { target: 'draft-7', io: 'output' }) as Record<
    string,
    unknown
  >;
  const { $schema: _ignored, ...detailWithoutDialect } = detail;
  return {
    type: 'object',
    required: ['version', 'id', 'detail-type', 'source', 'time', 'detail'],
    properties: {
      version: { type: 'string', const: '0' },
      id: {
        type: 'string',
        description: 'EventBridge delivery id (differs per delivery; use detail.metadata.eventId)',
      },
      'detail-type': { type: 'string', const: contract.detailType },
      source: { type: 'string', const: EVENT_SOURCE },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail: detailWithoutDialect,
    },
  };
}

function exampleOf(contract: EventContract): Record<string, unknown> {
  const data = contract.data.parse(contract.example);
  const occurredAt = '2026-11-23T09:31:00.000Z';
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': contract.detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: occurredAt,
    region: 'eu-west-2',
    resources: [],
    detail: {
      metadata: {
        eventId: `${channelId(contract)}-example`,
        schemaVersion: contract.version,
        occurredAt,
        correlationId: 'req-7f3c1a',
      },
      data,
    },
  };
}

export function asyncApiDocument(version = packageVersion()): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const contract of EVENT_CATALOGUE) {
    const channel = channelId(contract);
    const message = messageId(contract);
    messages[message] = {
      name: contract.detailType,
      title: `${contract.detailType} v${contract.version}`,
      summary: contract.description,
      contentType: 'application/json',
      payload: { schemaFormat: DRAFT_07, schema: envelopeSchema(contract) },
      examples: [
        { name: 'example', summary: `A ${contract.detailType} event`, payload: exampleOf(contract) },
      ],
      'x-json-schema': `events/contracts/${contractFileName(contract)}`,
    };
    channels[channel] = {
      address: `${EVENT_SOURCE}/${channel}`,
      title: `${contract.detailType} v${contract.version}`,
      description: `EventBridge events with source \`${EVENT_SOURCE}\` and detail-type \`${contract.detailType}\`, schema version ${contract.version}. Subscribe with a rule matching both.`,
      servers: [{ $ref: '#/servers/bus' }],
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
    };
    operations[`publish${message}`] = {
      action: 'send',
      title: `Publish ${contract.detailType}`,
      summary: contract.description,
      channel: { $ref: `#/channels/${channel}` },
      messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    id: 'urn:accountability-tracker:events',
    info: {
      title: 'Accountability tracker events',
      version,
      description:
        'Every event the accountability tracker publishes on its EventBridge bus, generated from the zod contracts in events/. Delivery is at least once: deduplicate on detail.metadata.eventId, which is stable for a change (docs/events.md).',
    },
    defaultContentType: 'application/json',
    servers: {
      bus: {
        host: 'events.{region}.amazonaws.com',
        protocol: 'https',
        title: 'The accountability-tracker EventBridge bus',
        description:
          'A custom event bus named accountability-tracker. Consumers in the AWS account subscribe with EventBridge rules; locally, `npm start` runs the same rules on its local bus.',
        variables: { region: { default: 'eu-west-2', description: 'The AWS region it is deployed in' } },
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

const packageVersion = () => packageJson.version;

export const ASYNCAPI_FILE = join(import.meta.dirname, '..', 'docs', 'asyncapi.json');

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(ASYNCAPI_FILE, `${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
  console.log(`wrote ${ASYNCAPI_FILE}`);
}
