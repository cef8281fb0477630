import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PutEventsCommandInput, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../local/event-bus';
import { eventBridge } from '../../shared/events/publisher';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * PutEvents fails on 30% of calls, injected with SDK middleware on the publisher's real client:
 * half of those throw (throttling), half accept only some entries and report the rest as failed.
 */
let api: TestApi;
const seen = new Set<string>();
let calls = 0;
let injected = 0;

/** A small deterministic generator, so a failure here can be reproduced. */
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

beforeAll(async () => {
  api = await startTestApi();
  api.runtime.bus.subscribe({ 'detail-type': ['Duty Logged'] }, (event: BusEvent) =>
    seen.add((event.detail as { metadata: { eventId: string } }).metadata.eventId),
  );
  eventBridge.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      const roll = random();
      if (roll < 0.15) {
        injected++;
        const error = new Error('Rate exceeded (injected)');
        error.name = 'ThrottlingException';
        throw error;
      }
      if (roll < 0.3) {
        injected++;
        const input = args.input as PutEventsCommandInput;
        const entries = input.Entries ?? [];
        const keep = entries.map(() => random() < 0.5);
        const sent = entries.filter((_, i) => keep[i]);
        const output = sent.length
          ? ((await next({ ...args, input: { ...input, Entries: sent } })).output as PutEventsCommandOutput)
          : ({ Entries: [] } as unknown as PutEventsCommandOutput);
        const results = [...(output.Entries ?? [])];
        const merged = keep.map((k) =>
          k
            ? results.shift()
            : { ErrorCode: 'ThrottlingException', ErrorMessage: 'injected partial failure' },
        );
        return {
          output: { ...output, FailedEntryCount: merged.filter((r) => r?.ErrorCode).length, Entries: merged },
          response: {},
        };
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectPutEventsFailures' },
  );
});
afterAll(async () => {
  eventBridge.middlewareStack.remove('injectPutEventsFailures');
  await api.runtime.stop();
});

describe('publishing under PutEvents failures', () => {
  it('delivers 1,000 distinct Duty Logged events for 1,000 logged actions, losing none', async () => {
    const editors = await Promise.all(
      ['region-london', 'region-midlands', 'national', 'ics-devon'].map((unit) =>
        api.tokenFor('editor', unit),
      ),
    );
    const tiers = ['region', 'region', 'national', 'ics'] as const;
    const commitments: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < 40; i++) {
      const k = i % editors.length;
      const token = editors[k] as string;
      const response = await api.request('POST', '/commitments', {
        token,
        body: commitmentBody(tiers[k] ?? 'region'),
      });
      commitments.push({ id: ((await response.json()) as { id: string }).id, token });
    }
    const actionIds: string[] = [];
    const work = Array.from(
      { length: 1000 },
      (_, n) => commitments[n % commitments.length] as { id: string; token: string },
    );
    // Eight clients at a time, each on its own commitment at any moment.
    for (let start = 0; start < work.length; start += 8) {
      const batch = await Promise.all(
        work.slice(start, start + 8).map(async (c, i) => {
          const response = await api.request('POST', `/commitments/${c.id}/actions`, {
            token: c.token,
            body: { summary: `Action ${start + i}`, occurredAt: '2026-11-01' },
          });
          expect(response.status).toBe(201);
          return ((await response.json()) as { id: string }).id;
        }),
      );
      actionIds.push(...batch);
    }
    expect(new Set(actionIds).size).toBe(1000);
    await api.runtime.settled();
    expect(injected / calls).toBeGreaterThan(0.2);
    expect(seen.size).toBe(1000);
    expect(existsSync(join(api.runtime.eventsDir, 'stream-dlq.jsonl'))).toBe(false);
  });
});
