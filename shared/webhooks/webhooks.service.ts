import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { canRead } from '../auth/access';
import type { Identity } from '../auth/identity';
import { documentClient } from '../db/client';
import { putOnce } from '../db/put-once';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/problem';
import { logger } from '../observability/logger';
import { requirePart } from '../parts';
import type { Mailer } from '../summaries/mailer';
import type { ReportStore } from '../summaries/report-store';
import { isAllowedEmail } from '../summaries/subscriptions';
import type { Summary } from '../summaries/summary.model';
import { getSummaryRecord } from '../summaries/summary.repository';
import { escapeHtml } from '../ui/nhsuk';
import {
  CLOUDEVENTS_SOURCE,
  type CloudEvent,
  newWebhookSecret,
  signWebhook,
  type TrackerEvent,
  toCloudEvent,
} from './cloudevents';
import { checkWebhookUrl, safePost } from './safe-post';
import { escalationCard, summaryCard, TEAMS_EVENT_TYPES, workflowsMessage } from './teams-cards';

/**
 * Webhooks (docs/events.md, "Webhooks"): a unit's systems receive the events of a scope they may read,
 * as signed CloudEvents, at least once, in order per subscription, with retries for a day.
 *
 * Items (family `WEBHOOK#`): each subscription in `WEBHOOK#ALL / SUB#<id>`; per subscription, a
 * once-only `SEEN#<eventId>` mark, its queue `PENDING#<occurredAt>#<eventId>` (oldest first), and its
 * history `DELIVERY#<occurredAt>#<eventId>` (delivered, dead or test).
 */
export interface Webhook {
  id: string;
  /** `cloudevents`: every event wanted, as signed CloudEvents; `teams`: digests, reports and escalations as Adaptive Cards to a Teams Workflows URL. */
  kind: 'cloudevents' | 'teams';
  url: string;
  /** Detail-types it wants; empty: all. */
  eventTypes: string[];
  /** `national`, a region or a unit: the events of commitments there. */
  scope: string;
  ownerUnitId: string;
  createdBy: string;
  /** Told when it is disabled. */
  email: string;
  status: 'active' | 'disabled';
  createdAt: string;
  disabledAt?: string;
  disabledReason?: string;
  /** Failed attempts since the last success. */
  failures: number;
}
interface StoredWebhook extends Webhook {
  secret: string;
  leaseUntil?: string;
}
interface Pending {
  eventId: string;
  occurredAt: string;
  type: string;
  body: string;
  firstQueuedAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}
export interface Delivery {
  eventId: string;
  type: string;
  occurredAt: string;
  status: 'delivered' | 'dead' | 'test' | 'pending';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  at: string;
}

/** How long a process reuses the list of webhooks for routing events (see `active`). */
const LIST_CACHE_MS = 5_000;
const listCache = new Map<string, { items: StoredWebhook[]; until: number }>();

/** Retries stop, and the delivery is dead-lettered (kept in the history), a day after it was queued. */
export const RETRY_FOR_MS = 24 * 3600_000;
const ALL = 'WEBHOOK#ALL';
const subPk = (id: string) => `WEBHOOK#${id}`;
const strip = ({
  secret: _s,
  leaseUntil: _l,
  pk: _p,
  sk: _k,
  ...rest
}: StoredWebhook & { pk?: string; sk?: string }) => rest as Webhook;

/** Exponential backoff with jitter: 30 s, 1 min, 2 min... up to an hour, each 50-100% of that. */
export function backoffMs(attempts: number, random = Math.random()): number {
  const ceiling = Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3600_000);
  return Math.round(ceiling * (0.5 + random / 2));
}

/** Whether an event concerns a subscription's scope. */
export function inScope(scope: string, data: Record<string, unknown>): boolean {
  if (scope === 'national') return true;
  const owner = (data.ownerUnitId ?? data.unitId) as string | undefined;
  if (owner === scope || data.regionId === scope) return true;
  if (data.scope === scope) return true;
  const to = data.to as { ownerUnitId?: string; regionId?: string } | undefined;
  return to?.ownerUnitId === scope || to?.regionId === scope;
}

/**
 * Parts only some functions carry, given by the handlers that use them so that the others' bundles
 * hold neither the S3 nor the SES client (ADR 10): the stored summaries a Teams card is made from
 * (the event consumer), and the mailer that tells an owner their webhook was disabled (whatever drains
 * queues: the consumer, the retry job, a replay).
 */
export interface WebhookParts {
  reports?: () => Pick<ReportStore, 'get'>;
  mailer?: () => Mailer;
}

export class WebhooksService {
  constructor(
    private readonly tableName: string,
    private readonly apiUrl: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly parts: WebhookParts = {},
  ) {}

  private part<K extends keyof WebhookParts>(name: K): NonNullable<WebhookParts[K]> {
    return requirePart(this.parts, name, 'webhooksService');
  }

  async create(
    identity: Identity,
    input: { url: string; kind: Webhook['kind']; eventTypes: string[]; scope: string; email: string },
  ): Promise<Webhook & { secret: string }> {
    if (identity.role !== 'editor' && identity.role !== 'admin')
      throw new ForbiddenError(`The ${identity.role} role may not register webhooks.`);
    const errors = [];
    // A Teams card goes to the outbox locally: only the URL's form is checked there.
    const urlProblem =
      input.kind === 'teams' && process.env.MAIL_OUTBOX_DIR
        ? /^https:\/\/[^/\s]+\/\S*$/.test(input.url)
          ? undefined
          : 'Must be a Teams Workflows https URL'
        : await checkWebhookUrl(input.url);
    if (urlProblem) errors.push({ path: 'body.url', message: urlProblem });
    if (
      input.scope === 'national'
        ? !canRead(identity, 'national') && identity.role !== 'admin'
        : !canRead(identity, input.scope)
    )
      errors.push({ path: 'body.scope', message: `${identity.unitId} may not read ${input.scope}'s events` });
    if (!isAllowedEmail(input.email))
      errors.push({
        path: 'body.email',
        message: 'Must be an address at an allowed domain (NHS by default)',
      });
    if (errors.length) throw new ValidationError(errors);
    const webhook: StoredWebhook = {
      id: `wh-${randomUUID()}`,
      kind: input.kind,
      url: input.url,
      eventTypes: input.kind === 'teams' ? [...TEAMS_EVENT_TYPES] : input.eventTypes,
      scope: input.scope,
      ownerUnitId: identity.unitId,
      createdBy: identity.userId,
      email: input.email,
      status: 'active',
      createdAt: this.clock().toISOString(),
      failures: 0,
      secret: newWebhookSecret(),
    };
    await documentClient.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: ALL, sk: `SUB#${webhook.id}`, ...webhook } }),
    );
    listCache.delete(this.tableName);
    return { ...strip(webhook), secret: webhook.secret };
  }

  private async load(id: string): Promise<StoredWebhook | undefined> {
    const out = await documentClient.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ALL, sk: `SUB#${id}` } }),
    );
    return out.Item as StoredWebhook | undefined;
  }

  /** One the caller's unit owns (others look missing). */
  async get(identity: Identity, id: string, write = false): Promise<StoredWebhook> {
    const webhook = await this.load(id);
    if (!webhook || (webhook.ownerUnitId !== identity.unitId && identity.role !== 'admin'))
      throw new NotFoundError(`No webhook ${id}.`);
    if (write && identity.role !== 'editor' && identity.role !== 'admin')
      throw new ForbiddenError(`The ${identity.role} role may not change webhooks.`);
    return webhook;
  }

  /**
   * Every webhook, read at most every few seconds per process: the rule target runs for every event,
   * and most deployments have few webhooks or none. A change made in this process clears it; one made
   * elsewhere is seen within LIST_CACHE_MS (a new webhook gets events from then on).
   */
  private async active(): Promise<StoredWebhook[]> {
    const cached = listCache.get(this.tableName);
    if (cached && cached.until > Date.now()) return cached.items;
    const items = await this.all();
    listCache.set(this.tableName, { items, until: Date.now() + LIST_CACHE_MS });
    return items;
  }

  private async all(): Promise<StoredWebhook[]> {
    const items: StoredWebhook[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await documentClient.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
          ExpressionAttributeValues: { ':pk': ALL, ':sub': 'SUB#' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...((out.Items ?? []) as StoredWebhook[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async list(identity: Identity): Promise<Webhook[]> {
    return (await this.all())
      .filter((w) => w.ownerUnitId === identity.unitId || identity.role === 'admin')
      .map(strip);
  }

  async remove(identity: Identity, id: string): Promise<void> {
    await this.get(identity, id, true);
    await documentClient.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: ALL, sk: `SUB#${id}` } }),
    );
    listCache.delete(this.tableName);
  }

  async deliveries(identity: Identity, id: string, limit: number): Promise<Delivery[]> {
    await this.get(identity, id);
    const [history, pending] = await Promise.all([
      this.query(id, 'DELIVERY#', limit, false),
      this.query(id, 'PENDING#', limit, true),
    ]);
    return [
      ...(pending as Pending[]).map(
        (p): Delivery => ({
          eventId: p.eventId,
          type: p.type,
          occurredAt: p.occurredAt,
          status: 'pending',
          attempts: p.attempts,
          ...(p.lastError ? { lastError: p.lastError } : {}),
          at: p.nextAttemptAt,
        }),
      ),
      ...(history as Array<Delivery & { body?: string; pk?: string; sk?: string }>).map(
        ({ body: _b, pk: _p, sk: _k, ...d }) => d as Delivery,
      ),
    ].slice(0, limit);
  }

  private async query(
    id: string,
    prefix: string,
    limit: number,
    oldestFirst: boolean,
    from?: string,
    to?: string,
  ) {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression:
          from && to ? 'pk = :pk AND sk BETWEEN :from AND :to' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': subPk(id),
          ...(from && to ? { ':from': `${prefix}${from}`, ':to': `${prefix}${to}~` } : { ':prefix': prefix }),
        },
        ScanIndexForward: oldestFirst,
        Limit: limit,
      }),
    );
    return (out.Items ?? []) as unknown[];
  }

  /** Sends a test event now (outside the queue) and records the outcome in the history. */
  async test(identity: Identity, id: string): Promise<Delivery> {
    const webhook = await this.get(identity, id, true);
    const now = this.clock();
    const event: CloudEvent = {
      specversion: '1.0',
      id: `test-${randomUUID()}`,
      source: CLOUDEVENTS_SOURCE,
      type: 'uk.nhs.accountability-tracker.webhook-test.v1',
      time: now.toISOString(),
      datacontenttype: 'application/json',
      dataschema: `${this.apiUrl}/asyncapi.json`,
      data: {
        metadata: { eventId: `test-${id}`, occurredAt: now.toISOString(), schemaVersion: '1' },
        data: { webhookId: id, message: 'A test delivery: your endpoint and its signature check work.' },
      },
    };
    const body = JSON.stringify(event);
    const result = await safePost(webhook.url, body, signWebhook(webhook.secret, event.id, body, new Date()));
    const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      occurredAt: event.time,
      status: 'test',
      attempts: 1,
      ...(result.status !== undefined ? { lastStatus: result.status } : {}),
      ...(ok ? {} : { lastError: result.error ?? `answered ${result.status}` }),
      at: now.toISOString(),
    };
    await documentClient.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: subPk(id), sk: `DELIVERY#${event.time}#${event.id}`, ...delivery },
      }),
    );
    return delivery;
  }

  /** Queues again what was delivered (or dead-lettered) between two instants; receivers deduplicate. */
  async replay(identity: Identity, id: string, from: string, to: string): Promise<{ queued: number }> {
    const webhook = await this.get(identity, id, true);
    if (from > to) throw new ValidationError([{ path: 'body.from', message: 'Must not be later than to' }]);
    let queued = 0;
    const history = (await this.query(id, 'DELIVERY#', 1000, true, from, to)) as Array<
      Delivery & { body?: string }
    >;
    for (const d of history) {
      if (!d.body || d.status === 'test') continue;
      await this.enqueue(webhook.id, {
        eventId: d.eventId,
        occurredAt: d.occurredAt,
        type: d.type,
        body: d.body,
      });
      queued++;
    }
    if (webhook.status === 'disabled') await this.setStatus(webhook.id, 'active');
    await this.drain(webhook.id);
    return { queued };
  }

  private async setStatus(id: string, status: Webhook['status'], reason?: string) {
    listCache.delete(this.tableName);
    await documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: ALL, sk: `SUB#${id}` },
        UpdateExpression:
          status === 'active'
            ? 'SET #s = :s, failures = :zero REMOVE disabledAt, disabledReason'
            : 'SET #s = :s, disabledAt = :at, disabledReason = :why',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues:
          status === 'active'
            ? { ':s': status, ':zero': 0 }
            : { ':s': status, ':at': this.clock().toISOString(), ':why': reason ?? '' },
      }),
    );
  }

  private async enqueue(id: string, e: { eventId: string; occurredAt: string; type: string; body: string }) {
    const now = this.clock().toISOString();
    const pending: Pending = { ...e, firstQueuedAt: now, attempts: 0, nextAttemptAt: now };
    await documentClient.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: subPk(id), sk: `PENDING#${e.occurredAt}#${e.eventId}`, ...pending },
      }),
    );
  }

  /**
   * Rule target for every event: queues it once for each active subscription that wants its type in
   * its scope (a redelivered event is not queued twice), then delivers what is due.
   */
  async dispatch(event: TrackerEvent): Promise<{ queued: number }> {
    const webhooks = (await this.active()).filter(
      (w) =>
        w.status === 'active' &&
        (!w.eventTypes.length || w.eventTypes.includes(event.detailType)) &&
        inScope(w.scope, event.detail.data),
    );
    if (!webhooks.length) return { queued: 0 };
    const cloudEvent = toCloudEvent(event, this.apiUrl);
    const body = JSON.stringify(cloudEvent);
    let teamsBody: string | null | undefined;
    let queued = 0;
    for (const w of webhooks) {
      if (w.kind === 'teams') {
        teamsBody ??= await this.teamsMessage(event);
        if (!teamsBody) continue;
      }
      const first = await putOnce(this.tableName, {
        pk: subPk(w.id),
        sk: `SEEN#${cloudEvent.id}`,
        at: this.clock().toISOString(),
      });
      if (!first) continue;
      await this.enqueue(w.id, {
        eventId: cloudEvent.id,
        occurredAt: cloudEvent.time,
        type: cloudEvent.type,
        body: w.kind === 'teams' ? (teamsBody ?? '') : body,
      });
      queued++;
    }
    for (const w of webhooks) await this.drain(w.id);
    return { queued };
  }

  /**
   * The Teams message for an event, or null when Teams does not get it: a digest's or report's card
   * (its counts and most overdue items), or an escalation's (overdue and not acknowledged, level 1+).
   */
  private async teamsMessage(event: TrackerEvent): Promise<string | null> {
    const data = event.detail.data;
    const workspaceUrl = process.env.WORKSPACE_URL ?? `${this.apiUrl}/app/`;
    if (event.detailType === 'Duty Overdue')
      return Number(data.escalationLevel ?? 0) >= 1
        ? JSON.stringify(workflowsMessage(escalationCard(data, workspaceUrl)))
        : null;
    if (event.detailType !== 'Accountability Summary Generated' || typeof data.summaryId !== 'string')
      return null;
    const record = await getSummaryRecord(this.tableName, data.summaryId);
    if (!record) return null;
    const content = JSON.parse(
      (await this.part('reports')().get(record.id, 'json')) ?? '{}',
    ) as Partial<Summary>;
    const rows = [
      ...(content.escalated ?? []),
      ...(content.newlyOverdue ?? []),
      ...(content.report?.topOverdue ?? []),
    ];
    const topOverdue = [...new Map(rows.map((r) => [r.commitmentId, r])).values()].sort(
      (a, b) => (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0),
    );
    const card = summaryCard(
      record.id,
      {
        kind: record.kind,
        scopeName: content.scopeName ?? record.scope,
        period: record.period,
        status: record.status ?? 'final',
        totals: record.totals as unknown as Record<string, number>,
        topOverdue,
      },
      workspaceUrl,
    );
    return JSON.stringify(workflowsMessage(card));
  }

  /** One attempt: a POST, or for Teams under the local runtime, a file in the outbox beside e-mails. */
  private async deliver(webhook: StoredWebhook, eventId: string, body: string) {
    const outbox = process.env.MAIL_OUTBOX_DIR;
    if (webhook.kind === 'teams' && outbox) {
      await mkdir(outbox, { recursive: true });
      const file = join(outbox, `teams-${webhook.id}-${eventId}.json`);
      await writeFile(file, `${JSON.stringify({ to: webhook.url, message: JSON.parse(body) }, null, 2)}\n`);
      return { status: 200, ms: 0 };
    }
    // Signed when sent (receivers check the timestamp against their own clock).
    return safePost(webhook.url, body, signWebhook(webhook.secret, eventId, body, new Date()));
  }

  /** The schedule: delivers what is due for every active subscription. */
  async deliverDue(): Promise<{ delivered: number; failed: number; dead: number }> {
    const totals = { delivered: 0, failed: 0, dead: 0 };
    for (const w of await this.all()) {
      if (w.status !== 'active') continue;
      const r = await this.drain(w.id);
      totals.delivered += r.delivered;
      totals.failed += r.failed;
      totals.dead += r.dead;
    }
    return totals;
  }

  /**
   * Delivers one subscription's queue oldest first, stopping at the first failure (so a receiver sees
   * each commitment's events in order). One worker at a time per subscription (a lease on its item).
   */
  async drain(id: string): Promise<{ delivered: number; failed: number; dead: number }> {
    const total = { delivered: 0, failed: 0, dead: 0 };
    // Another worker may hold the lease, or may have let it go just after this one's event was
    // queued: try a few times while something is due, so an event goes out now, not at the next run.
    for (let round = 0; round < 5; round++) {
      const result = await this.drainOnce(id);
      if (result) {
        total.delivered += result.delivered;
        total.failed += result.failed;
        total.dead += result.dead;
        if (result.failed || result.dead) break;
      }
      if (!(await this.hasDue(id))) break;
      await new Promise((resolve) => setTimeout(resolve, 50 * (round + 1)));
    }
    return total;
  }

  private async hasDue(id: string): Promise<boolean> {
    const [next] = (await this.query(id, 'PENDING#', 1, true)) as Pending[];
    return next !== undefined && next.nextAttemptAt <= this.clock().toISOString();
  }

  /** One pass under the lease; undefined when another worker holds it. */
  private async drainOnce(
    id: string,
  ): Promise<{ delivered: number; failed: number; dead: number } | undefined> {
    const result = { delivered: 0, failed: 0, dead: 0 };
    const now = this.clock();
    const webhook = await this.lease(id, now);
    if (!webhook) return undefined;
    try {
      for (;;) {
        const batch = (await this.query(id, 'PENDING#', 25, true)) as Array<Pending & { sk: string }>;
        if (!batch.length) break;
        for (const p of batch) {
          if (p.nextAttemptAt > now.toISOString()) return result;
          const attempt = await this.deliver(webhook, p.eventId, p.body);
          const ok = attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
          const attempts = p.attempts + 1;
          const lastError = ok ? undefined : (attempt.error ?? `answered ${attempt.status}`);
          if (ok || now.getTime() - Date.parse(p.firstQueuedAt) >= RETRY_FOR_MS) {
            const delivery: Delivery & { body: string } = {
              eventId: p.eventId,
              type: p.type,
              occurredAt: p.occurredAt,
              status: ok ? 'delivered' : 'dead',
              attempts,
              ...(attempt.status !== undefined ? { lastStatus: attempt.status } : {}),
              ...(lastError ? { lastError } : {}),
              at: now.toISOString(),
              body: p.body,
            };
            await documentClient.send(
              new TransactWriteCommand({
                TransactItems: [
                  { Delete: { TableName: this.tableName, Key: { pk: subPk(id), sk: p.sk } } },
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: { pk: subPk(id), sk: `DELIVERY#${p.occurredAt}#${p.eventId}`, ...delivery },
                    },
                  },
                ],
              }),
            );
            if (ok) {
              result.delivered++;
              if (webhook.failures) await this.setFailures(id, 0);
              webhook.failures = 0;
              continue;
            }
            result.dead++;
            await this.disable(
              webhook,
              `${p.type} ${p.eventId} could not be delivered for a day (${lastError})`,
            );
            return result;
          }
          result.failed++;
          await documentClient.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: subPk(id), sk: p.sk },
              UpdateExpression: 'SET attempts = :a, nextAttemptAt = :next, lastError = :e',
              ExpressionAttributeValues: {
                ':a': attempts,
                ':next': new Date(now.getTime() + backoffMs(attempts)).toISOString(),
                ':e': lastError,
              },
            }),
          );
          await this.setFailures(id, webhook.failures + 1);
          return result;
        }
      }
      return result;
    } finally {
      await this.release(id);
    }
  }

  private async setFailures(id: string, failures: number) {
    await documentClient.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: ALL, sk: `SUB#${id}` },
        UpdateExpression: 'SET failures = :f',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':f': failures },
      }),
    );
  }

  private async lease(id: string, now: Date): Promise<StoredWebhook | undefined> {
    try {
      const out = await documentClient.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ALL, sk: `SUB#${id}` },
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND #s = :active AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':until': new Date(now.getTime() + 5 * 60_000).toISOString(),
            ':now': now.toISOString(),
            ':active': 'active',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as StoredWebhook;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private async release(id: string) {
    await documentClient
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ALL, sk: `SUB#${id}` },
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      )
      .catch(() => undefined);
  }

  /** Stops sending to a receiver that failed for a day, and tells its owner. */
  private async disable(webhook: StoredWebhook, reason: string) {
    await this.setStatus(webhook.id, 'disabled', reason);
    try {
      await this.part('mailer')().send({
        to: webhook.email,
        subject: `Webhook disabled: ${webhook.url}`,
        text: `The accountability tracker stopped sending events to ${webhook.url} (webhook ${webhook.id}) because ${reason}.\n\nFix the receiver, then replay what it missed: POST /webhooks/${webhook.id}/replays with the time range (it also turns the webhook back on). Its delivery history is at GET /webhooks/${webhook.id}/deliveries.`,
        html: `<p>The accountability tracker stopped sending events to <code>${escapeHtml(webhook.url)}</code> (webhook ${escapeHtml(webhook.id)}) because ${escapeHtml(reason)}.</p><p>Fix the receiver, then replay what it missed: <code>POST /webhooks/${escapeHtml(webhook.id)}/replays</code> with the time range (it also turns the webhook back on).</p>`,
      });
    } catch (error) {
      logger.error('could not tell the webhook owner it was disabled', { webhookId: webhook.id, error });
    }
  }
}
