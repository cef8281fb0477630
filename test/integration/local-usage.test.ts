import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionUsage } from '../../local/usage';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * The local runtime's metering (local/usage.ts), which the bench's overhead, throughput and cost
 * figures are read from: a Server-Timing header on every response, and with TRACKER_USAGE=1 the
 * totals per function at /local/usage.
 */
let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.tokenFor('editor', 'region-london');
});
afterAll(async () => {
  delete process.env.TRACKER_USAGE;
  await api.runtime.stop();
});

describe('local metering', () => {
  it("tells each response's DynamoDB time and calls in Server-Timing", async () => {
    // The first request of a process may also load the org map (one more GetItem); the next does not.
    await api.get('/health');
    const response = await api.get('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(
      /^db;dur=\d+\.\d;desc="1 DynamoDB calls: GetItem", handler;dur=\d+\.\d$/,
    );
  });

  it('serves no usage totals unless TRACKER_USAGE=1', async () => {
    expect((await api.get('/local/usage')).status).toBe(404);
  });

  it('totals what each function invoked by an action cost: units, billed time, events', async () => {
    process.env.TRACKER_USAGE = '1';
    const created = await api.request('POST', '/commitments', { token, body: commitmentBody('region') });
    const { id } = (await created.json()) as { id: string };
    await api.runtime.settled();
    expect((await fetch(`${api.runtime.url}/local/usage`, { method: 'DELETE' })).status).toBe(200);
    const logged = await api.request('POST', `/commitments/${id}/actions`, {
      token,
      body: { summary: 'Metered', occurredAt: '2026-11-01' },
    });
    expect(logged.status).toBe(201);
    expect(logged.headers.get('server-timing')).toContain('GetItem TransactWriteItems');
    const usage = (await (await api.get('/local/usage')).json()) as {
      functions: Record<string, FunctionUsage>;
      eventsPublished: number;
    };
    const action = usage.functions['route:CreateAction'];
    expect(action?.invocations).toBe(1);
    expect(action?.dbCalls).toBe(2);
    // The commitment read, and a transaction of three items (and their index entries), doubled.
    expect(action?.readUnits).toBeGreaterThan(0);
    expect(action?.writeUnits).toBeGreaterThanOrEqual(6);
    expect(action?.billedMs).toBeGreaterThan(0);
    // Waited for the stream and the bus: the Duty Logged event was published and its notification recorded.
    expect(usage.eventsPublished).toBe(1);
    expect(usage.functions.stream?.invocations).toBeGreaterThanOrEqual(1);
    expect(usage.functions['rule:RegionalDutyLogged']?.writeUnits).toBeGreaterThan(0);
  });
});
