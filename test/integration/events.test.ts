import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../../local/event-bus';
import { runtimeInfoOf, writeRuntimeInfo } from '../../local/runtime-info';
import type { SweepResult } from '../../shared/commitments/overdue-sweep';
import { documentClient } from '../../shared/db/client';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

const REPO = join(import.meta.dirname, '..', '..');
let api: TestApi;
let london: string;
let national: string;
const received: BusEvent[] = [];

interface Detail {
  metadata: { eventId: string; correlationId: string; schemaVersion: string };
  data: Record<string, unknown>;
}
const detail = (e: BusEvent) => e.detail as Detail;
const ofType = (type: string) => received.filter((e) => e['detail-type'] === type);

const DAY = 86_400_000;
const daysFromToday = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function createCommitment(token: string, tier: 'region' | 'national' | 'ics', overrides = {}) {
  const response = await api.request('POST', '/commitments', {
    token,
    body: commitmentBody(tier, overrides),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; version: number };
}

async function logAction(token: string, commitmentId: string, headers: Record<string, string> = {}) {
  const response = await api.request('POST', `/commitments/${commitmentId}/actions`, {
    token,
    body: { summary: 'Did it', occurredAt: daysFromToday(0) },
    headers,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london');
  national = await api.tokenFor('editor', 'national');
  api.runtime.bus.subscribe({ source: ['accountability-tracker'] }, (event) => received.push(event));
});
afterAll(async () => api.runtime.stop());

describe('Duty Logged', () => {
  it('reaches a subscriber exactly once per action, with the tier, unit and region', async () => {
    const regional = await createCommitment(london, 'region');
    const nationalCommitment = await createCommitment(national, 'national');
    const a1 = await logAction(london, regional.id, { 'x-correlation-id': 'req-from-london' });
    const a2 = await logAction(national, nationalCommitment.id);
    await api.runtime.settled();

    const logged = ofType('Duty Logged').map(detail);
    const forA1 = logged.filter((d) => d.data.actionId === a1.id);
    const forA2 = logged.filter((d) => d.data.actionId === a2.id);
    expect(forA1).toHaveLength(1);
    expect(forA2).toHaveLength(1);
    expect(forA1[0]?.data).toMatchObject({
      tier: 'region',
      unitId: 'region-london',
      regionId: 'region-london',
      responsibilityIds: ['REG-WP-1'],
    });
    expect(forA1[0]?.metadata).toMatchObject({ correlationId: 'req-from-london', schemaVersion: '1' });
    expect(forA2[0]?.data).toMatchObject({ tier: 'national', unitId: 'national', regionId: 'national' });
  });

  it('is routed by the rule manifest to the notification consumer (once, even if redelivered)', async () => {
    const c = await createCommitment(london, 'region');
    const action = await logAction(london, c.id);
    await api.runtime.settled();
    const event = ofType('Duty Logged').find((e) => detail(e).data.actionId === action.id) as BusEvent;
    await api.runtime.bus.dispatch(event);
    const notifications = (await api.tableItems()).filter(
      (i) => i.type === 'Notification' && i.eventId === detail(event).metadata.eventId,
    );
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ unitId: 'region-london', detailType: 'Duty Logged' });
  });
});

describe('commitment lifecycle events', () => {
  it('announces creation, each status change, and completion', async () => {
    const c = await createCommitment(london, 'region', { dueDate: daysFromToday(30) });
    const patch = (version: number, body: Record<string, unknown>) =>
      api.request('PATCH', `/commitments/${c.id}`, {
        token: london,
        body,
        headers: { 'if-match': `"${version}"` },
      });
    expect((await patch(1, { status: 'at_risk' })).status).toBe(200);
    expect((await patch(2, { rag: 'red' })).status).toBe(200);
    expect((await patch(3, { status: 'completed' })).status).toBe(200);
    await api.runtime.settled();
    const mine = (type: string) =>
      ofType(type)
        .map(detail)
        .filter((d) => d.data.commitmentId === c.id);
    expect(mine('Commitment Created')).toHaveLength(1);
    expect(mine('Commitment Status Changed').map((d) => [d.data.from, d.data.to])).toEqual([
      ['not_started', 'at_risk'],
      ['at_risk', 'completed'],
    ]);
    expect(mine('Commitment Completed')).toHaveLength(1);
    expect(mine('Commitment Completed')[0]?.data.onTime).toBe(true);
  });
});

describe('overdue sweep', () => {
  it('emits each escalation level and reminder once, across repeated and concurrent runs', async () => {
    const devon = await api.tokenFor('editor', 'ics-devon');
    const fiveDays = await createCommitment(devon, 'ics', { dueDate: daysFromToday(-5) });
    const thirtyDays = await createCommitment(devon, 'ics', { dueDate: daysFromToday(-30) });
    const fortyDays = await createCommitment(london, 'region', { dueDate: daysFromToday(-40) });
    const soon = await createCommitment(national, 'national', { dueDate: daysFromToday(3) });
    const later = await createCommitment(national, 'national', { dueDate: daysFromToday(60) });
    const done = await createCommitment(london, 'region', { dueDate: daysFromToday(-10) });
    await api.request('PATCH', `/commitments/${done.id}`, {
      token: london,
      body: { status: 'completed' },
      headers: { 'if-match': '"1"' },
    });

    const first = (await api.runtime.runJob('OverdueSweep')) as SweepResult;
    const again = (await api.runtime.runJob('OverdueSweep')) as SweepResult;
    const concurrent = (await Promise.all([
      api.runtime.runJob('OverdueSweep'),
      api.runtime.runJob('OverdueSweep'),
    ])) as SweepResult[];
    await api.runtime.settled();

    expect(first).toMatchObject({ overdueMarked: 6, dueSoonMarked: 1 });
    expect(again).toMatchObject({ overdueMarked: 0, dueSoonMarked: 0 });
    expect(concurrent.map((r) => r.overdueMarked + r.dueSoonMarked)).toEqual([0, 0]);
    // Only open commitments due within the reminder window are read: not `later`, not `done`.
    expect(first.itemsRead).toBe(4);

    const overdue = ofType('Duty Overdue').map(detail);
    const levels = (id: string) =>
      overdue
        .filter((d) => d.data.commitmentId === id)
        .map((d) => d.data.escalationLevel)
        .sort();
    expect(levels(fiveDays.id)).toEqual([0]);
    // Nobody acknowledged: a tier up every 5 working days (30 days overdue is past both, whatever the
    // bank holidays); a region's own duty has only national above it.
    expect(levels(thirtyDays.id)).toEqual([0, 1, 2]);
    expect(levels(fortyDays.id)).toEqual([0, 1]);
    expect(levels(done.id)).toEqual([]);
    expect(
      overdue.find((d) => d.data.commitmentId === thirtyDays.id && d.data.escalationLevel === 1)?.data,
    ).toMatchObject({
      daysOverdue: 30,
      tier: 'ics',
      regionId: 'region-south-west',
      heldBy: 'region-south-west',
      acknowledged: false,
    });
    const dueSoon = ofType('Duty Due Soon').map(detail);
    expect(dueSoon.filter((d) => d.data.commitmentId === soon.id)).toHaveLength(1);
    expect(dueSoon.filter((d) => d.data.commitmentId === later.id)).toHaveLength(0);

    // Escalation reaches the region at level 1 and national at level 2 (a region's: national at 1).
    const notified = (await api.tableItems()).filter(
      (i) => i.type === 'Notification' && i.detailType === 'Duty Overdue',
    );
    const unitsFor = (id: string, level: number) =>
      notified
        .filter(
          (n) =>
            (n.data as Record<string, unknown>).commitmentId === id &&
            (n.data as Record<string, unknown>).escalationLevel === level,
        )
        .map((n) => n.unitId)
        .sort();
    expect(unitsFor(thirtyDays.id, 1)).toEqual(['ics-devon', 'region-south-west']);
    expect(unitsFor(thirtyDays.id, 2)).toEqual(['ics-devon', 'national', 'region-south-west']);
    expect(unitsFor(fortyDays.id, 1)).toEqual(['national', 'region-london']);
  });
});

describe('npm run replay', () => {
  it('re-sends archived events through the rules; consumers ignore what they already handled', async () => {
    const { runtime } = api;
    writeRuntimeInfo(runtime.dataDir, runtimeInfoOf(runtime));
    await runtime.settled();
    // Distinct: the routing test above re-dispatched one event by hand (not through the archive).
    const archived = new Set(ofType('Duty Logged').map((e) => detail(e).metadata.eventId)).size;
    const notificationsBefore = (await api.tableItems()).filter((i) => i.type === 'Notification').length;
    const before = received.length;
    const { stdout } = await promisify(execFile)(
      join(REPO, 'node_modules', '.bin', 'tsx'),
      [
        'local/cli/replay.ts',
        '--from',
        '2000-01-01T00:00:00Z',
        '--type',
        'Duty Logged',
        '--data-dir',
        runtime.dataDir,
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(stdout).toContain(`replayed ${archived} event(s)`);
    await runtime.settled();
    expect(received.length - before).toBe(archived);
    expect((await api.tableItems()).filter((i) => i.type === 'Notification').length).toBe(
      notificationsBefore,
    );
  });
});

describe('a poison stream record', () => {
  it('is retried, then dead-lettered, and does not hold up the records after it', async () => {
    await api.runtime.settled();
    // An item the mapper cannot turn into a valid event (a producer bug, simulated by a direct write).
    await documentClient.send(
      new PutCommand({
        TableName: api.runtime.tableName,
        Item: { pk: 'COMMITMENT#broken', sk: 'ACTION#000001', type: 'Action', id: 'act-1-broken' },
      }),
    );
    const c = await createCommitment(london, 'region');
    const after = await logAction(london, c.id);
    await api.runtime.settled();
    expect(ofType('Duty Logged').some((e) => detail(e).data.actionId === after.id)).toBe(true);
    const dlq = readFileSync(join(api.runtime.eventsDir, 'stream-dlq.jsonl'), 'utf8').trim().split('\n');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]).toContain('act-1-broken');
  });
});

describe('a consumer that keeps failing', () => {
  it('ends with its event dead-lettered, and npm run replay -- --dead-letters delivers it once the fault is gone', async () => {
    const { runtime } = api;
    writeRuntimeInfo(runtime.dataDir, runtimeInfoOf(runtime));
    await runtime.settled();
    const send = documentClient.send.bind(documentClient);
    // Fault injection: the notification consumer's writes fail (its store is down).
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      const item = (command as { input?: { Item?: { pk?: unknown } } }).input?.Item;
      if (
        (command as object).constructor.name === 'PutCommand' &&
        typeof item?.pk === 'string' &&
        item.pk.startsWith('NOTIFY#')
      )
        return Promise.reject(new Error('injected: the notification store is down'));
      return send(command as never);
    }) as typeof documentClient.send);
    let action: { id: string };
    try {
      const c = await createCommitment(london, 'region');
      action = await logAction(london, c.id);
      await runtime.settled();
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(join(runtime.eventsDir, 'dlq-RegionalDutyLogged.jsonl'), 'utf8')).toContain(
      action.id,
    );
    const notified = async () =>
      (await api.tableItems()).filter(
        (i) => i.type === 'Notification' && (i.data as { actionId?: string }).actionId === action.id,
      ).length;
    expect(await notified()).toBe(0);

    const replay = async () =>
      (
        await promisify(execFile)(
          join(REPO, 'node_modules', '.bin', 'tsx'),
          ['local/cli/replay.ts', '--dead-letters', '--data-dir', runtime.dataDir],
          { cwd: REPO, encoding: 'utf8' },
        )
      ).stdout;
    expect(await replay()).toContain('replayed 1 dead-lettered event(s)');
    await runtime.settled();
    const delivered = await notified();
    expect(delivered).toBeGreaterThan(0);
    // Nothing is sent twice.
    expect(await replay()).toContain('replayed 0 dead-lettered event(s)');
    await runtime.settled();
    expect(await notified()).toBe(delivered);
  });
});
