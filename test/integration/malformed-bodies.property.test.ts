import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * Thousands of malformed bodies against the write routes: each is answered with a 4xx problem+json
 * (never a 5xx) and the table is byte-for-byte unchanged afterwards.
 */
let api: TestApi;
let token: string;
let commitmentId: string;

const RUNS = 1000;

type Kind = 'string' | 'number' | 'array' | 'object';

/** A value of any JSON type except the one the field takes. */
function wrongType(kind: Kind) {
  const dictionary = fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 });
  const byKind: Record<Kind, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), dictionary),
    number: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), dictionary),
    array: fc.oneof(fc.string(), fc.integer(), fc.constant(null), dictionary),
    object: fc.oneof(fc.string(), fc.integer(), fc.boolean()),
  };
  return byKind[kind];
}
const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((k) => !['__proto__', 'constructor'].includes(k));

/** Bodies that can never be valid: each breaks the schema in exactly one way. */
function malformed(valid: Record<string, unknown>, required: string[], typed: Record<string, Kind>) {
  const missingField = required.length
    ? [
        fc.constantFrom(...required).map((field) => {
          const { [field]: _dropped, ...rest } = valid;
          return JSON.stringify(rest);
        }),
      ]
    : [];
  return fc.oneof(
    ...missingField,
    fc
      .tuple(
        unknownKey.filter((k) => !(k in valid) && !(k in typed)),
        fc.jsonValue(),
      )
      .map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    fc
      .constantFrom(...Object.keys(typed))
      .chain((field) =>
        wrongType(typed[field] as Kind).map((value) => JSON.stringify({ ...valid, [field]: value })),
      ),
    fc
      .oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.constant(null))
      .map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 40 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc.constant(JSON.stringify({ ...valid, title: 'x'.repeat(17_000) })),
  );
}

async function assertRejectsAll(
  bodies: fc.Arbitrary<string>,
  send: (body: string, idempotencyKey: string | undefined) => Promise<Response>,
) {
  const before = JSON.stringify(await api.tableItems());
  await fc.assert(
    fc.asyncProperty(bodies, fc.option(fc.uuid(), { nil: undefined }), async (body, key) => {
      const response = await send(body, key);
      const text = await response.text();
      if (response.status < 400 || response.status >= 500) {
        throw new Error(`status ${response.status} for ${body.slice(0, 200)}: ${text.slice(0, 300)}`);
      }
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(text)).toMatchObject({ status: response.status });
    }),
    { numRuns: RUNS },
  );
  expect(JSON.stringify(await api.tableItems())).toBe(before);
}

const headersFor = (key: string | undefined, extra: Record<string, string> = {}) => ({
  ...(key ? { 'idempotency-key': key } : {}),
  ...extra,
});

beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor('editor', 'region-london');
  const created = await api.request('POST', '/commitments', { token, body: commitmentBody('region') });
  commitmentId = ((await created.json()) as { id: string }).id;
});
afterAll(async () => api.runtime.stop());

describe('malformed bodies', () => {
  it('POST /commitments rejects them all and writes nothing', async () => {
    const valid = commitmentBody('region');
    await assertRejectsAll(
      malformed(valid, ['accountableRole', 'title', 'responsibilityIds', 'dueDate'], {
        accountableRole: 'string',
        title: 'string',
        description: 'string',
        responsibilityIds: 'array',
        tags: 'array',
        dueDate: 'string',
        status: 'string',
        rag: 'string',
        ownerUnitId: 'string',
        catalogueVersion: 'string',
      }),
      (body, key) => api.request('POST', '/commitments', { token, body, headers: headersFor(key) }),
    );
  });

  it('PATCH /commitments/{id} rejects them all and changes nothing', async () => {
    const valid = { title: 'New wording', rag: 'amber' };
    await assertRejectsAll(
      malformed(valid, [], {
        title: 'string',
        rag: 'string',
        status: 'string',
        dueDate: 'string',
        description: 'string',
        accountableRole: 'string',
        reason: 'string',
      }),
      (body) =>
        api.request('PATCH', `/commitments/${commitmentId}`, { token, body, headers: { 'if-match': '"1"' } }),
    );
  });

  it('POST /commitments/{id}/actions rejects them all and appends nothing', async () => {
    const valid = { summary: 'Held the workshop', occurredAt: '2026-11-01' };
    await assertRejectsAll(
      malformed(valid, ['summary', 'occurredAt'], {
        summary: 'string',
        occurredAt: 'string',
        evidence: 'array',
        progress: 'number',
        statusChange: 'object',
        corrects: 'string',
      }),
      (body, key) =>
        api.request('POST', `/commitments/${commitmentId}/actions`, {
          token,
          body,
          headers: headersFor(key),
        }),
    );
  });
});
