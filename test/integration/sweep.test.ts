import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/auth/identity';
import { CommitmentsService } from '../../shared/commitments/commitments.service';
import type { SweepResult } from '../../shared/commitments/overdue-sweep';
import { commitmentBody, startTestApi, type TestApi } from '../support/local-api';

/**
 * The overdue sweep with a backlog (issue "Close the holes", item 5): once a long-overdue commitment
 * has its marks, later runs do not touch it again; they look only at what can have crossed a line.
 */
let api: TestApi;
const york: Identity = { userId: 'sweeper', role: 'editor', unitId: 'region-north-east-and-yorkshire' };
const service = () => new CommitmentsService(api.runtime.tableName, () => new Date('2026-01-05T09:00:00Z'));
const create = (dueDate: string) =>
  service().create(york, {
    ...commitmentBody('region', { dueDate }),
    description: '',
    status: 'on_track',
    rag: 'green',
  } as Parameters<CommitmentsService['create']>[1]);
const sweep = (today: string) => api.runtime.runJob('OverdueSweep', { today }) as Promise<SweepResult>;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.runtime.stop());

describe('overdue sweep with a backlog', () => {
  it('clears a backlog in one run, then touches only what crosses a line', async () => {
    for (let i = 0; i < 40; i++) await create('2026-02-01');
    await create('2026-11-20');
    // First run: everything open and due before the end of the reminder window; every level reached
    // marked (a region's duty, unacknowledged for months: held by the region, then by national).
    const first = await sweep('2026-11-20');
    expect(first).toMatchObject({ itemsRead: 41, overdueMarked: 40 * 2, dueSoonMarked: 1 });
    // Next day: the backlog is not read again; the one due yesterday became overdue.
    const next = await sweep('2026-11-21');
    expect(next).toMatchObject({ itemsRead: 1, overdueMarked: 1, dueSoonMarked: 0 });
    // Same day again: nothing to look at.
    expect(await sweep('2026-11-21')).toMatchObject({ itemsRead: 0, overdueMarked: 0 });
    // Its 5 working days' grace ran out on Friday 27 November without an acknowledgement: a run a
    // week later finds it on the deadline list (the days between were skipped) and moves it up to
    // national; the backlog is not read again.
    expect(await sweep('2026-12-04')).toMatchObject({ itemsRead: 0, overdueMarked: 1, deadlinesChecked: 1 });
  });

  it('still marks a commitment whose due date moved into the past after the last run', async () => {
    const c = await create('2027-06-30');
    expect((await sweep('2026-12-05')).overdueMarked).toBe(0);
    const moved = new CommitmentsService(api.runtime.tableName);
    await moved.patch(york, c.id, 1, { dueDate: '2026-10-01' });
    const after = await sweep('2026-12-05');
    expect(after.overdueMarked).toBe(2);
  });
});
