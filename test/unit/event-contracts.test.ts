import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractFileName, EVENT_CATALOGUE } from '../../events/catalogue';
import { breakingChanges } from '../../events/compatibility';
import { detailSchema } from '../../events/envelope';
import { jsonSchemaOf } from '../../events/generate-schemas';

const EVENTS_DIR = join(import.meta.dirname, '..', '..', 'events');
const read = (folder: string, file: string) =>
  JSON.parse(readFileSync(join(EVENTS_DIR, folder, file), 'utf8'));

describe.each(EVENT_CATALOGUE)('$detailType v$version', (contract) => {
  it('has an example that satisfies its schema', () => {
    const detail = {
      metadata: {
        eventId: 'e1',
        schemaVersion: contract.version,
        occurredAt: '2026-11-23T09:00:00.000Z',
        correlationId: 'req-1',
      },
      data: contract.example,
    };
    expect(detailSchema(contract).safeParse(detail).success).toBe(true);
  });

  it('publishes a JSON Schema generated from the current zod schema (npm run events:schemas)', () => {
    expect(read('schemas', contractFileName(contract))).toEqual(jsonSchemaOf(contract));
  });

  it('breaks nothing for consumers of the published contract', () => {
    const published = read('contracts', contractFileName(contract));
    expect(breakingChanges(published, jsonSchemaOf(contract))).toEqual([]);
  });
});

describe('breakingChanges', () => {
  const published = {
    type: 'object',
    required: ['a', 'b'],
    properties: {
      a: { type: 'string' },
      b: { type: 'array', items: { type: 'string' } },
      c: { type: 'string', enum: ['x'] },
    },
  };

  it('accepts adding fields', () => {
    const current = { ...published, properties: { ...published.properties, d: { type: 'number' } } };
    expect(breakingChanges(published, current)).toEqual([]);
  });

  it('reports a removed field, a field made optional, a changed type and a new enum value', () => {
    const current = {
      type: 'object',
      required: ['b'],
      properties: {
        a: { type: 'string' },
        b: { type: 'array', items: { type: 'number' } },
        c: { type: 'string', enum: ['x', 'y'] },
      },
    };
    expect(breakingChanges(published, current)).toEqual([
      'detail.a: no longer always present',
      'detail.b[]: type changed from string to number',
      'detail.c: new values ["y"] a consumer does not expect',
    ]);
    const { a: _a, ...withoutA } = published.properties;
    expect(breakingChanges(published, { ...published, properties: withoutA })).toEqual(['detail.a: removed']);
  });
});
