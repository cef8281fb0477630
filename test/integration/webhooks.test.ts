import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import { reportStore } from '../../shared/summaries/report-store';
import { safePost } from '../../shared/webhooks/safe-post';
import { backoffMs, RETRY_FOR_MS, WebhooksService } from '../../shared/webhooks/webhooks.service';
import { commitmentBody, expectProblem, startTestApi, type TestApi } from '../support/local-api';

/**
 * Webhooks (issue #18 item 2 and 4): a receiver on loopback subscribes, commitments are driven through
 * the API and the overdue sweep, and every event of its scope arrives once after dedup, signed as
 * Standard Webhooks says, valid against the AsyncAPI document, in order per commitment, including
 * after the receiver failed for a while and came back.
 */
let api: TestApi;
let london: string;

interface Received {
  headers: Record<string, string>;
  body: string;
}
/** A webhook receiver: records what it gets; answers 503 while `failing`. */
class Receiver {
  readonly got: Received[] = [];
  failing = false;
  private server?: Server;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failing) {
          res.writeHead(503).end();
          return;
        }
        this.got.push({
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  }
  stop = () => new Promise<void>((resolve) => this.server?.close(() => resolve()));
}

const receiver = new Receiver();
beforeAll(async () => {
  api = await startTestApi();
  london = await api.tokenFor('editor', 'region-london', 'amara.okafor');
  await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  await api?.runtime.stop();
});

async function subscribe(body: Record<string, unknown> = {}) {
  const response = await api.request('POST', '/webhooks', {
    token: london,
    body: { url: receiver.url, scope: 'region-london', email: 'cms.team@nhs.net', ...body },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string; status: string };
}

const later = (ms: number) =>
  new WebhooksService(api.runtime.tableName, api.runtime.url, () => new Date(Date.now() + ms), {
    reports: reportStore,
    mailer: mailerFromEnvironment,
  });

/** The tracker's events of a scope, as its bus archived them. */
function archivedIn(region: string): Array<{
  'detail-type': string;
  detail: { metadata: { eventId: string }; data: Record<string, unknown> };
}> {
  return readFileSync(join(api.runtime.eventsDir, 'archive.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((e) => e.detail?.data?.regionId === region || e.detail?.data?.to?.regionId === region);
}

describe('webhooks', () => {
  it('delivers every event of its scope once, signed, valid and in order, also after the receiver was down', async () => {
    const webhook = await subscribe();
    expect(webhook.secret).toMatch(/^whsec_/);
    // The secret is shown once: the list does not carry it.
    const listed = (await (await api.get('/webhooks', london)).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(listed.items.find((w) => w.id === webhook.id)).not.toHaveProperty('secret');

    // A test event reaches the receiver now.
    const test = (await (
      await api.request('POST', `/webhooks/${webhook.id}/test`, { token: london })
    ).json()) as {
      status: string;
      lastStatus: number;
    };
    expect(test).toMatchObject({ status: 'test', lastStatus: 204 });

    // Commitments driven through the API: delivered as they happen.
    const create = async (over: Record<string, unknown> = {}) =>
      (await (
        await api.request('POST', '/commitments', { token: london, body: commitmentBody('region', over) })
      ).json()) as {
        id: string;
      };
    const log = (id: string, summary: string) =>
      api.request('POST', `/commitments/${id}/actions`, {
        token: london,
        body: { summary, occurredAt: '2026-11-02' },
      });
    const first = await create({ title: 'First' });
    await log(first.id, 'one');
    await log(first.id, 'two');
    await api.runtime.settled();
    const beforeOutage = receiver.got.length;
    expect(beforeOutage).toBeGreaterThanOrEqual(4);

    // The receiver goes down: events queue, oldest first, and wait with backoff.
    receiver.failing = true;
    await log(first.id, 'three (while down)');
    const second = await create({ title: 'Second', dueDate: '2024-01-15', status: 'at_risk' });
    await log(second.id, 'four (while down)');
    await api.runtime.settled();
    const queued = (await (await api.get(`/webhooks/${webhook.id}/deliveries`, london)).json()) as {
      items: Array<{ status: string; attempts: number; lastError?: string }>;
    };
    const pending = queued.items.filter((d) => d.status === 'pending');
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending[0]).toMatchObject({ attempts: 1, lastError: 'answered 503' });
    expect(receiver.got.length).toBe(beforeOutage);

    // Back up: the schedule delivers the backlog, in order, once the backoff has passed.
    receiver.failing = false;
    await later(2 * 3600_000).deliverDue();
    // And the overdue sweep's events arrive the same way.
    await api.runtime.runJob('OverdueSweep');
    await api.runtime.settled();
    await later(2 * 3600_000).deliverDue();

    const events = receiver.got.map((r) => ({ ...r, event: JSON.parse(r.body) as Record<string, unknown> }));
    const tracker = events.filter((e) => !String(e.event.type).endsWith('webhook-test.v1'));
    // Every event of the scope arrived, once after deduplicating on webhook-id (= the event's id).
    const ids = new Set(tracker.map((e) => e.headers['webhook-id']));
    const expected = new Set(archivedIn('region-london').map((e) => e.detail.metadata.eventId));
    expect(ids).toEqual(expected);
    expect(tracker.map((e) => e.event.type)).toContain('uk.nhs.accountability-tracker.duty-overdue.v1');
    // Signed as Standard Webhooks says (checked with its own library), CloudEvents 1.0 in form.
    const verifier = new StandardWebhook(webhook.secret);
    for (const e of events) {
      expect(() => verifier.verify(e.body, e.headers)).not.toThrow();
      expect(e.headers['webhook-id']).toBe(e.event.id);
      expect(e.event).toMatchObject({
        specversion: '1.0',
        source: 'urn:accountability-tracker:events',
        datacontenttype: 'application/json',
      });
    }
    expect(() =>
      verifier.verify(events[0]?.body.replace('"', ' "') ?? '', events[0]?.headers ?? {}),
    ).toThrow();
    // Valid against the AsyncAPI document: `data` is the message payload's `detail`.
    const asyncapi = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../docs/asyncapi.json'), 'utf8'),
    ) as {
      components: { messages: Record<string, { payload: { schema: { properties: { detail: object } } } }> };
    };
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    for (const e of tracker) {
      const pointer = String(e.event.dataschema).split('#/components/messages/')[1]?.split('/')[0] ?? '';
      const schema = asyncapi.components.messages[pointer]?.payload.schema.properties.detail;
      expect(schema, String(e.event.type)).toBeDefined();
      const validate = ajv.compile(schema ?? {});
      expect(validate(e.event.data), `${e.event.type}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    // In order per commitment: each subject's events arrive oldest first.
    const bySubject = new Map<string, string[]>();
    for (const e of tracker) {
      const subject = String(e.event.subject);
      bySubject.set(subject, [...(bySubject.get(subject) ?? []), String(e.event.time)]);
    }
    for (const [subject, times] of bySubject) expect(times, subject).toEqual([...times].sort());
    const history = (await (await api.get(`/webhooks/${webhook.id}/deliveries`, london)).json()) as {
      items: Array<{ status: string }>;
    };
    expect(history.items.some((d) => d.status === 'pending')).toBe(false);
    expect(history.items.filter((d) => d.status === 'delivered').length).toBe(expected.size);
  });

  it('gives up after a day, disables the webhook and tells its owner; a replay sends again and turns it back on', async () => {
    const webhook = await subscribe({ eventTypes: ['Commitment Created'] });
    receiver.failing = true;
    const start = new Date().toISOString();
    await api.request('POST', '/commitments', {
      token: london,
      body: commitmentBody('region', { title: 'Lost in the outage' }),
    });
    await api.runtime.settled();
    await later(RETRY_FOR_MS + 3600_000).deliverDue();
    const after = (await (await api.get('/webhooks', london)).json()) as {
      items: Array<{ id: string; status: string; disabledReason?: string }>;
    };
    const disabled = after.items.find((w) => w.id === webhook.id);
    expect(disabled).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringContaining('for a day'),
    });
    const outbox = readdirSync(join(api.runtime.outboxDir)).map((f) =>
      readFileSync(join(api.runtime.outboxDir, f), 'utf8'),
    );
    expect(outbox.some((m) => m.includes('Webhook disabled') && m.includes('cms.team@nhs.net'))).toBe(true);

    receiver.failing = false;
    const seen = receiver.got.length;
    const replay = await api.request('POST', `/webhooks/${webhook.id}/replays`, {
      token: london,
      body: { from: start, to: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ queued: 1 });
    const replayed = receiver.got
      .slice(seen)
      .map((r) => JSON.parse(r.body) as { type: string; data: { data: { title: string } } });
    expect(replayed).toEqual([
      expect.objectContaining({ type: 'uk.nhs.accountability-tracker.commitment-created.v1' }),
    ]);
    expect(replayed[0]?.data.data.title).toBe('Lost in the outage');
    const now = (await (await api.get('/webhooks', london)).json()) as {
      items: Array<{ id: string; status: string }>;
    };
    expect(now.items.find((w) => w.id === webhook.id)?.status).toBe('active');
  });

  it('posts digests to Teams as Adaptive Cards, locally into the outbox beside e-mails', async () => {
    const national = await api.tokenFor('editor', 'national');
    const created = await api.request('POST', '/webhooks', {
      token: national,
      body: {
        kind: 'teams',
        url: 'https://prod-00.uksouth.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x',
        scope: 'region-london',
        email: 'national.team@nhs.net',
      },
    });
    expect(created.status).toBe(201);
    const teams = (await created.json()) as { id: string; eventTypes: string[] };
    expect(teams.eventTypes).toEqual(['Accountability Summary Generated', 'Duty Overdue']);
    const digest = await api.request('POST', '/reports', {
      token: national,
      body: { kind: 'digest', scope: 'region-london', period: '2026-W40' },
    });
    const { id: summaryId } = (await digest.json()) as { id: string };
    await api.runtime.settled();
    const files = readdirSync(api.runtime.outboxDir).filter((f) => f.startsWith(`teams-${teams.id}-`));
    expect(files).toHaveLength(1);
    const posted = JSON.parse(readFileSync(join(api.runtime.outboxDir, files[0] ?? ''), 'utf8')) as {
      to: string;
      message: {
        type: string;
        attachments: Array<{
          contentType: string;
          content: { type: string; actions: Array<{ url: string }> };
        }>;
      };
    };
    expect(posted.to).toContain('logic.azure.com');
    expect(posted.message.type).toBe('message');
    expect(posted.message.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(posted.message.attachments[0]?.content.type).toBe('AdaptiveCard');
    expect(posted.message.attachments[0]?.content.actions[0]?.url).toBe(
      `${api.runtime.url}/app/reports/${summaryId}`,
    );
  });

  it('refuses private, link-local and credentialled URLs, scopes the caller cannot read, readers, and outside addresses', async () => {
    for (const url of [
      'https://10.0.0.5/hook',
      'http://169.254.169.254/latest',
      'https://user:pw@example.nhs.uk/x',
      'ftp://example.nhs.uk/',
    ]) {
      const problem = await expectProblem(
        await api.request('POST', '/webhooks', {
          token: london,
          body: { url, scope: 'region-london', email: 'a@nhs.net' },
        }),
        400,
      );
      expect(problem.errors?.map((e) => e.path)).toContain('body.url');
    }
    const ics = await api.tokenFor('editor', 'ics-north-central-london');
    const tooWide = await expectProblem(
      await api.request('POST', '/webhooks', {
        token: ics,
        body: { url: receiver.url, scope: 'region-london', email: 'a@nhs.net' },
      }),
      400,
    );
    expect(tooWide.errors?.map((e) => e.path)).toEqual(['body.scope']);
    const webmail = await expectProblem(
      await api.request('POST', '/webhooks', {
        token: london,
        body: { url: receiver.url, scope: 'region-london', email: 'me@gmail.com' },
      }),
      400,
    );
    expect(webmail.errors?.map((e) => e.path)).toEqual(['body.email']);
    await expectProblem(
      await api.request('POST', '/webhooks', {
        token: await api.tokenFor('reader', 'region-london'),
        body: { url: receiver.url, scope: 'region-london', email: 'a@nhs.net' },
      }),
      403,
    );
    // Another unit's webhook looks missing.
    const mine = await subscribe();
    // A replay whose range ends before it starts names the field.
    const backwards = await expectProblem(
      await api.request('POST', `/webhooks/${mine.id}/replays`, {
        token: london,
        body: { from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' },
      }),
      400,
    );
    expect(backwards.errors?.map((e) => e.path)).toEqual(['body.from']);
    await expectProblem(
      await api.get(`/webhooks/${mine.id}/deliveries`, await api.tokenFor('editor', 'region-south-west')),
      404,
    );
  });

  it('calls no loopback address outside the local runtime, whatever the URL or its DNS says', async () => {
    const saved = process.env.WEBHOOKS_ALLOW_LOOPBACK;
    process.env.WEBHOOKS_ALLOW_LOOPBACK = 'false';
    try {
      for (const url of [receiver.url, receiver.url.replace('127.0.0.1', 'localhost'), 'http://[::1]:9/x']) {
        const result = await safePost(url, '{}', {});
        expect(result.status, url).toBeUndefined();
        expect(result.error, url).toMatch(/may not call/);
      }
    } finally {
      process.env.WEBHOOKS_ALLOW_LOOPBACK = saved;
    }
  });

  it('backs off exponentially with jitter, up to an hour', () => {
    expect(backoffMs(1, 0)).toBe(15_000);
    expect(backoffMs(1, 1)).toBe(30_000);
    expect(backoffMs(3, 1)).toBe(120_000);
    expect(backoffMs(20, 1)).toBe(3600_000);
    expect(backoffMs(20, 0)).toBe(1800_000);
  });
});
