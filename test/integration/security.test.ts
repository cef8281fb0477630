import { networkInterfaces } from 'node:os';
import { DynamoDBClient, ListTablesCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loopbackOnlyFlags } from '../../local/dynamodb-local';
import { documentClient } from '../../shared/db/client';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/** What a hostile user probes for (issue "Close the holes"): each case here failed before its fix. */
let api: TestApi;
let devon: string;

beforeAll(async () => {
  api = await startTestApi();
  const created = await api.request('POST', '/commitments', {
    token: await api.tokenFor('editor', 'ics-devon'),
    body: commitmentBody('ics'),
  });
  devon = ((await created.json()) as { id: string }).id;
});
afterAll(async () => api?.runtime.stop());

describe('unreadable looks like missing', () => {
  it('answers a commitment another unit owns exactly as one that does not exist, on every route', async () => {
    const outsider = await api.tokenFor('editor', 'region-london');
    const missing = 'cmt-00000000-0000-0000-0000-000000000000';
    const probes = [
      (id: string) => api.request('GET', `/commitments/${id}`, { token: outsider }),
      (id: string) => api.request('GET', `/commitments/${id}?asAt=2026-01-01`, { token: outsider }),
      (id: string) => api.request('GET', `/commitments/${id}/actions`, { token: outsider }),
      (id: string) => api.request('GET', `/commitments/${id}/audit`, { token: outsider }),
      (id: string) => api.request('GET', `/commitments/${id}/history`, { token: outsider }),
      (id: string) => api.request('GET', `/commitments/${id}/children`, { token: outsider }),
      (id: string) =>
        api.request('PATCH', `/commitments/${id}`, {
          token: outsider,
          body: { rag: 'red' },
          headers: { 'if-match': '"1"' },
        }),
      (id: string) =>
        api.request('POST', `/commitments/${id}/actions`, {
          token: outsider,
          body: { summary: 'x', occurredAt: '2026-11-01' },
        }),
    ];
    for (const probe of probes) {
      const [real, none] = await Promise.all([probe(devon), probe(missing)]);
      const a = await expectProblem(real, 404);
      const b = await expectProblem(none, 404);
      expect({ ...a, detail: a.detail?.replace(devon, 'ID'), instance: undefined }).toEqual({
        ...b,
        detail: b.detail?.replace(missing, 'ID'),
        instance: undefined,
      });
    }
  });

  it('reports the same CSV row error for an unreadable commitment and a missing one', async () => {
    const outsider = await api.tokenFor('editor', 'region-london');
    const csv = `commitmentId,summary,occurredAt\n${devon},Did it,2026-11-01\ncmt-00000000-0000-0000-0000-000000000000,Did it,2026-11-01\n`;
    const response = await api.request('POST', '/imports?kind=actions&dryRun=true', {
      token: outsider,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    const report = (await response.json()) as { errors: Array<{ row: number; message: string }> };
    const [first, second] = report.errors;
    expect(first?.message.replace(devon, 'ID')).toBe(
      second?.message.replace('cmt-00000000-0000-0000-0000-000000000000', 'ID'),
    );
  });

  it('answers a summary of a scope the caller may not read as missing', async () => {
    const national = await api.tokenFor('editor', 'national');
    const made = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'digest', scope: 'region-north-west', period: '2026-09' },
    });
    const id = ((await made.json()) as { id: string }).id;
    const london = await api.tokenFor('editor', 'region-london');
    for (const path of [`/reports/${id}`, `/reports/${id}/verify`])
      await expectProblem(await api.get(path, london), 404);
    await expectProblem(
      await api.request('POST', `/reports/${id}/revisions`, {
        token: london,
        body: { reason: 'Not mine to correct' },
      }),
      404,
    );
  });
});

describe('roll-up links need both ends', () => {
  type Detail = {
    id: string;
    version: number;
    parentId?: string;
    linkedBy?: string;
    rollup?: { rag: string; children: number };
  };
  const create = async (token: string, body: Record<string, unknown>) => {
    const response = await api.request('POST', '/commitments', { token, body });
    expect(response.status).toBe(201);
    return (await response.json()) as Detail;
  };
  const detail = async (id: string, token: string) =>
    (await (await api.get(`/commitments/${id}`, token)).json()) as Detail;
  const link = (token: string, child: Detail, parentId: string | null) =>
    api.request('PATCH', `/commitments/${child.id}`, {
      token,
      body: { parentId },
      headers: { 'if-match': `"${child.version}"` },
    });

  it('refuses a parent the linking unit cannot read exactly as a missing one, and leaves its roll-up alone', async () => {
    const national = await api.tokenFor('editor', 'national');
    const ics = await api.tokenFor('editor', 'ics-north-central-london');
    const goal = await create(national, commitmentBody('national', { title: 'National goal' }));
    const london = await create(
      await api.tokenFor('editor', 'region-london'),
      commitmentBody('region', { title: 'London goal' }),
    );
    const missing = 'cmt-00000000-0000-0000-0000-000000000000';
    const answers = [];
    for (const parentId of [goal.id, london.id, missing]) {
      const problem = await expectProblem(
        await api.request('POST', '/commitments', {
          token: ics,
          body: commitmentBody('ics', { parentId, rag: 'red' }),
        }),
        400,
      );
      answers.push(JSON.stringify(problem.errors).replaceAll(parentId, 'ID'));
    }
    // Same answer whatever is behind the id: nothing about its unit, region or tier.
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('parent_not_found');
    expect(answers[0]).not.toMatch(/national|region|london/i);
    expect((await detail(goal.id, national)).rollup).toBeUndefined();

    // Nor by PATCH, nor through the import.
    const own = await create(ics, commitmentBody('ics', { rag: 'red' }));
    const patched = await expectProblem(await link(ics, own, goal.id), 400);
    expect(patched.errors?.[0]).toMatchObject({ path: 'body.parentId', code: 'parent_not_found' });
    const csv = `title,accountableRole,responsibilityIds,dueDate,parentId\nPart,Lead,ICS-WP-1,2027-03-31,${goal.id}\n`;
    const imported = await api.request('POST', '/imports?kind=commitments&dryRun=true', {
      token: ics,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    const report = (await imported.json()) as { errors: Array<{ column?: string; message: string }> };
    expect(report.errors).toEqual([expect.objectContaining({ column: 'parentId' })]);
    expect(report.errors[0]?.message).not.toMatch(/national/i);
    expect((await detail(goal.id, national)).rollup).toBeUndefined();
  });

  it("lets the parent's unit link a child it reads, names who linked, and refuses any other change", async () => {
    const londonEditor = await api.tokenFor('editor', 'region-london');
    const ics = await api.tokenFor('editor', 'ics-north-central-london');
    const parent = await create(londonEditor, commitmentBody('region', { title: 'London goal' }));
    const child = await create(ics, commitmentBody('ics', { title: 'NCL part', rag: 'amber' }));

    const linked = await link(londonEditor, child, parent.id);
    expect(linked.status).toBe(200);
    const after = (await linked.json()) as Detail & { updatedBy: string };
    expect(after).toMatchObject({ parentId: parent.id, linkedBy: after.updatedBy, version: 2 });
    expect((await detail(parent.id, londonEditor)).rollup).toMatchObject({ children: 1, rag: 'amber' });
    // The child's owner sees the link and who made it in its history.
    const history = (await (await api.get(`/commitments/${child.id}/history`, ics)).json()) as {
      items: Array<{ change: string; by: string }>;
    };
    expect(history.items.at(-1)).toEqual(expect.objectContaining({ change: 'linked', by: after.updatedBy }));

    // The parent's unit may link and unlink, nothing else.
    await expectProblem(
      await api.request('PATCH', `/commitments/${child.id}`, {
        token: londonEditor,
        body: { rag: 'green' },
        headers: { 'if-match': '"2"' },
      }),
      403,
    );
    await expectProblem(
      await api.request('PATCH', `/commitments/${child.id}`, {
        token: londonEditor,
        body: { parentId: parent.id, title: 'Renamed' },
        headers: { 'if-match': '"2"' },
      }),
      403,
    );
    // A reader of the parent's unit may not link.
    await expectProblem(await link(await api.tokenFor('reader', 'region-london'), after, null), 403);
    // Another region's editor reads neither end: the child looks missing.
    await expectProblem(await link(await api.tokenFor('editor', 'region-south-west'), after, null), 404);

    const unlinked = await link(londonEditor, after, null);
    expect(unlinked.status).toBe(200);
    expect((await unlinked.json()) as Detail).not.toHaveProperty('linkedBy');
    expect((await detail(parent.id, londonEditor)).rollup).toBeUndefined();
  });

  it('refuses a link by a unit that owns neither end, even when it reads both', async () => {
    const national = await api.tokenFor('editor', 'national');
    const londonEditor = await api.tokenFor('editor', 'region-london');
    const ics = await api.tokenFor('editor', 'ics-north-central-london');
    const parent = await create(londonEditor, commitmentBody('region'));
    const child = await create(ics, commitmentBody('ics'));
    // National reads both, but London's commitment is London's to link to.
    await expectProblem(await link(national, child, parent.id), 403);
  });
});

describe('tokens, paths, keys and text', () => {
  it('keys Idempotency-Key by subject, unit and role: a moved user gets no replay of their old unit', async () => {
    const london = await api.request('POST', '/commitments', {
      token: await api.tokenFor('editor', 'region-london'),
      body: commitmentBody('region'),
    });
    const id = ((await london.json()) as { id: string }).id;
    const send = async (unit: string) =>
      api.request('POST', `/commitments/${id}/actions`, {
        token: await api.tokenFor('editor', unit, 'mover'),
        body: { summary: 'Once', occurredAt: '2026-11-01' },
        headers: { 'idempotency-key': 'same-key' },
      });
    expect((await send('region-london')).status).toBe(201);
    expect((await send('region-london')).status).toBe(201);
    await expectProblem(await send('ics-greater-manchester'), 404);
  });

  it('refuses dev tokens without an expiry, issued in the future, or living over 12 hours', async () => {
    const { SignJWT, importJWK } = await import('jose');
    const { API_AUDIENCE } = await import('../../local/dev-auth');
    const { issuer, signingJwk } = api.runtime.tokenSigner;
    const key = await importJWK(signingJwk, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({
        'custom:role': 'editor',
        'custom:unit': 'region-london',
        scope: 'tracker/read tracker/write',
      })
        .setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid ?? '' })
        .setSubject('forger')
        .setIssuer(issuer)
        .setAudience(API_AUDIENCE);
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(key);
    };
    const status = async (token: string) => (await api.get('/commitments', token)).status;
    expect(await status(await sign({ iat: now, exp: now + 3600 }))).toBe(200);
    expect(await status(await sign({ iat: now }))).toBe(401);
    expect(await status(await sign({ iat: now + 3600, exp: now + 7200 }))).toBe(401);
    expect(await status(await sign({ iat: now, exp: now + 13 * 3600 }))).toBe(401);
  });

  it('answers a malformed percent-encoding in a path with 400 problem+json', async () => {
    const token = await api.tokenFor('reader', 'region-london');
    await expectProblem(await api.get('/commitments/%E0%A4%A', token), 400);
    await expectProblem(await api.get('/commitments/%zz', token), 400);
  });

  it('refuses text made only of invisible characters', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const problem = await expectProblem(
      await api.request('POST', '/commitments', {
        token,
        body: commitmentBody('region', {
          title: '\u200B\u200C\u2060\uFEFF',
          accountableRole: '\u00A0\u200B',
        }),
      }),
      400,
    );
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['body.accountableRole', 'body.title']);
  });

  it('answers 503 with Retry-After when an action keeps losing the race for its commitment', async () => {
    const token = await api.tokenFor('editor', 'ics-devon');
    const send = documentClient.send.bind(documentClient);
    // Fault injection: every append transaction loses, as under heavy contention.
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      if ((command as object).constructor.name === 'TransactWriteCommand')
        return Promise.reject(
          new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
          }),
        );
      return send(command as never);
    }) as typeof documentClient.send);
    try {
      const response = await api.request('POST', `/commitments/${devon}/actions`, {
        token,
        body: { summary: 'Contended', occurredAt: '2026-11-01' },
      });
      await expectProblem(response, 503);
      expect(response.headers.get('retry-after')).toBe('1');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('work that grows without bound', () => {
  it('lists the first 1,000 errors of a bad CSV file and counts the rest, in total and by column', async () => {
    const token = await api.tokenFor('editor', 'region-london');
    const rows = Array.from({ length: 1_200 }, (_, i) => `Plan ${i},Head,REG-WP-1,soon`);
    const csv = ['title,accountableRole,responsibilityIds,dueDate', ...rows].join('\n');
    for (const dryRun of [true, false]) {
      const response = await api.request('POST', `/imports?kind=commitments${dryRun ? '&dryRun=true' : ''}`, {
        token,
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      const report = (await response.json()) as {
        errorCount: number;
        errors: unknown[];
        errorsByColumn: Record<string, number>;
      };
      expect(response.status).toBe(dryRun ? 200 : 422);
      expect(report.errorCount).toBe(1_200);
      expect(report.errors).toHaveLength(1_000);
      expect(report.errorsByColumn).toEqual({ dueDate: 1_200 });
    }
  });
});

describe('CSV action imports read ahead', () => {
  it('reads the commitments a file names in batches, not one GetItem each', async () => {
    const token = await api.tokenFor('editor', 'ics-devon');
    const ids = [devon, ...Array.from({ length: 149 }, (_, i) => `cmt-missing-${i}`)];
    const csv = ['commitmentId,summary,occurredAt', ...ids.map((id) => `${id},Did it,2026-11-01`)].join('\n');
    const send = documentClient.send.bind(documentClient);
    const calls: string[] = [];
    // Observation only: every call goes through to DynamoDB Local.
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      calls.push((command as object).constructor.name);
      return send(command as never);
    }) as typeof documentClient.send);
    let report: { errorCount: number };
    try {
      const response = await api.request('POST', '/imports?kind=actions&dryRun=true', {
        token,
        body: csv,
        headers: { 'content-type': 'text/csv' },
      });
      report = (await response.json()) as { errorCount: number };
    } finally {
      spy.mockRestore();
    }
    expect(report.errorCount).toBe(149);
    expect(calls.filter((c) => c === 'BatchGetCommand')).toHaveLength(2);
    expect(calls.filter((c) => c === 'GetCommand').length).toBeLessThan(5);
  });
});

describe('the local engine', () => {
  // Another address of this machine stands in for another machine on its network.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
  const listTables = (host: string) => {
    const endpoint = new URL(inject('dynamoEndpoint'));
    endpoint.hostname = host;
    return new DynamoDBClient({
      endpoint: endpoint.href,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }).send(new ListTablesCommand({ Limit: 1 }));
  };

  it.skipIf(!external)('answers DynamoDB calls from 127.0.0.1 only', async () => {
    await expect(listTables('127.0.0.1')).resolves.toHaveProperty('TableNames');
    await expect(listTables(external ?? '')).rejects.toThrow(/ECONNRESET|socket hang up|EPIPE/);
  });

  it('says so at start when the Java in use cannot refuse other machines', () => {
    const said: string[] = [];
    expect(loopbackOnlyFlags(24, (line) => said.push(line))).toEqual([]);
    expect(said).toEqual([expect.stringMatching(/accepts connections from other machines/)]);
    expect(loopbackOnlyFlags(17)).toContain('-Djava.security.manager');
  });
});
