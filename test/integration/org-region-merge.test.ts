import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  OrgChangePlanSchema,
  SummaryDocumentSchema,
  SummaryRecordSchema,
} from '../../functions/openapi/response.schemas';
import * as repository from '../../shared/commitments/commitment.repository';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * Two regions merge (the South East into the South West, 2026-06-01): the South East's ICSs move
 * with it, its subscribers receive the successor's summaries, and a report before the date still
 * shows two regions.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.runtime.stop());

const mails = () =>
  readdirSync(api.runtime.outboxDir).map((f) => readFileSync(join(api.runtime.outboxDir, f), 'utf8'));

describe('a regional merger', () => {
  it('moves the region’s ICSs and their commitments, and its subscribers follow the successor', async () => {
    const kent = await api.tokenFor('editor', 'ics-kent-and-medway', 'kent-editor');
    const created = await api.request('POST', '/commitments', { token: kent, body: commitmentBody('ics') });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const southEast = await api.tokenFor('reader', 'region-south-east', 'se-reader');
    await api.request('POST', '/subscriptions', {
      token: southEast,
      body: { email: 'se.board@nhs.net', scope: 'region-south-east', kind: 'report' },
    });
    const confirm = mails()
      .find((m) => m.includes('To: se.board@nhs.net') && m.includes('/confirm?token='))
      ?.match(/(\/subscriptions\/[^/\s]+\/confirm\?token=[\w-]+)/)?.[1];
    expect((await api.request('POST', confirm as string)).status).toBe(200);

    const admin = await api.tokenFor('admin', 'national', 'sam.patel');
    const change = {
      id: '2026-06-south-merger',
      kind: 'merge',
      effectiveDate: '2026-06-01',
      description: 'The South East joins the South West region',
      from: ['region-south-east'],
      into: { id: 'region-south-west' },
      successorAccess: true,
    };
    const dry = OrgChangePlanSchema.parse(
      await (await api.request('POST', '/org-changes?dryRun=true', { token: admin, body: change })).json(),
    );
    expect(dry.commitments).toEqual([
      expect.objectContaining({
        id,
        from: { ownerUnitId: 'ics-kent-and-medway', regionId: 'region-south-east' },
        to: { ownerUnitId: 'ics-kent-and-medway', regionId: 'region-south-west' },
      }),
    ]);
    expect(dry.subscriptions).toEqual([
      expect.objectContaining({
        kind: 'report',
        scope: 'region-south-east',
        receivesFrom: 'region-south-west',
      }),
    ]);
    expect(dry.units.movedRegion.map((u) => u.id)).toContain('ics-kent-and-medway');
    const applied = await api.request('POST', '/org-changes', { token: admin, body: change });
    expect(OrgChangePlanSchema.parse(await applied.json())).toMatchObject({ status: 'applied', moved: 1 });

    // The South West's final Q3 report goes to the South East's subscriber too.
    const national = await api.tokenFor('editor', 'national', 'reporter');
    const made = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'report', scope: 'region-south-west', period: '2026-Q3' },
    });
    const record = SummaryRecordSchema.parse(await made.json());
    await api.runtime.settled();
    expect(
      mails().filter(
        (m) =>
          m.includes('To: se.board@nhs.net') &&
          m.includes('Subject: Governance report: region-south-west, 2026-Q3'),
      ),
    ).toHaveLength(1);
    const q3 = SummaryDocumentSchema.parse(
      await (await api.get(`/reports/${record.id}?format=json`, national)).json(),
    );
    expect(q3.orgChanges?.[0]?.text).toBe(
      'On 2026-06-01 South East merged into South West (org change 2026-06-south-merger).',
    );
    // A national report as at the end of May still shows the South East as a region.
    const may = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'report', scope: 'national', period: '2026-05' },
    });
    const mayRecord = SummaryRecordSchema.parse(await may.json());
    const mayReport = SummaryDocumentSchema.parse(
      await (await api.get(`/reports/${mayRecord.id}?format=json`, national)).json(),
    );
    expect(mayReport.report?.ragByRegion.map((r) => r.regionId)).toContain('region-south-east');
    // The South East's own earlier periods stay reportable; a period after it closed is refused, naming
    // where its commitments went.
    const before = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'report', scope: 'region-south-east', period: '2026-Q1' },
    });
    expect(before.status).toBe(201);
    const after = await expectProblem(
      await api.request('POST', '/reports', {
        token: national,
        body: { kind: 'report', scope: 'region-south-east', period: '2026-Q3' },
      }),
      400,
    );
    expect(after.errors?.[0]?.message).toMatch(
      /region-south-east closed on 2026-06-01; its commitments are now region-south-west's/,
    );
  });

  it('never marks a change applied with commitments left behind: a 503, and the same change again finishes it', async () => {
    const frimley = await api.tokenFor('editor', 'ics-frimley', 'frimley-editor');
    const created = await api.request('POST', '/commitments', {
      token: frimley,
      body: commitmentBody('ics'),
    });
    const { id } = (await created.json()) as { id: string };
    const admin = await api.tokenFor('admin', 'national', 'sam.patel');
    const change = {
      id: '2026-09-frimley-joins-surrey',
      kind: 'merge',
      effectiveDate: '2026-09-01',
      description: 'Frimley joins Surrey Heartlands',
      from: ['ics-frimley'],
      into: { id: 'ics-surrey-heartlands' },
    };
    // Fault injection: the commitment keeps changing under the move (every conditional write loses).
    const lost = vi
      .spyOn(repository, 'moveCommitment')
      .mockResolvedValue({ ok: false, current: undefined } as Awaited<
        ReturnType<typeof repository.moveCommitment>
      >);
    const refused = await expectProblem(
      await api.request('POST', '/org-changes', { token: admin, body: change }),
      503,
    );
    expect(refused.detail).toContain(`1 kept changing meanwhile (${id})`);
    const pending = (await (await api.get(`/org-changes/${change.id}`, admin)).json()) as { status: string };
    expect(pending.status).toBe('applying');
    lost.mockRestore();
    const finished = OrgChangePlanSchema.parse(
      await (await api.request('POST', '/org-changes', { token: admin, body: change })).json(),
    );
    expect(finished).toMatchObject({ status: 'applied', moved: 1 });
    const reader = await api.tokenFor('reader', 'national', 'reader');
    const c = (await (await api.get(`/commitments/${id}`, reader)).json()) as { ownerUnitId: string };
    expect(c.ownerUnitId).toBe('ics-surrey-heartlands');
  });
});
