import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { AccountabilitySummaryGenerated } from '../../events/catalogue';
import { detailSchema } from '../../events/envelope';
import { canReadReport } from '../../shared/auth/access';
import { logger } from '../../shared/observability/logger';
import { predecessorsOf, refreshOrgMap, unitActingFor } from '../../shared/org/live-map';
import { mailerFromEnvironment } from '../../shared/summaries/mailer';
import { reportStore } from '../../shared/summaries/report-store';
import { claimDelivery, releaseDelivery, subscribersTo } from '../../shared/summaries/subscriptions';
import '../../shared/observability/tracing';

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  /** The API's base URL, for the unsubscribe links. */
  PUBLIC_API_URL: z.string().url(),
});
const Detail = detailSchema(AccountabilitySummaryGenerated);

/**
 * Rule target for Accountability Summary Generated: e-mails the summary to each subscriber of its
 * kind and scope, once per summary and subscriber (a claim item is written first; a failed send gives
 * it back so the retried event sends it).
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<{ sent: number }> => {
  const { TABLE_NAME, PUBLIC_API_URL } = Env.parse(process.env);
  await refreshOrgMap(TABLE_NAME);
  const { data } = Detail.parse(event.detail);
  // Subscriptions are to the regular digests and reports; an ad-hoc range (a..b) is not mailed.
  if (data.period.includes('..')) return { sent: 0 };
  // Only confirmed addresses, and only while the subscriber's unit and role may still read the scope.
  // Subscribers to a region that merged into this one receive its summaries too; a subscriber's unit
  // is taken as the org map has it today (a closed unit counts only if its people act as the successor).
  const scopes = [data.scope, ...predecessorsOf(data.scope)];
  const subscribers = (await Promise.all(scopes.map((scope) => subscribersTo(TABLE_NAME, data.kind, scope))))
    .flat()
    .filter((s) => {
      const unitId = s.unitId === undefined ? undefined : unitActingFor(s.unitId);
      return (
        s.status === 'confirmed' &&
        unitId !== undefined &&
        canReadReport({ userId: s.userId, unitId, role: s.role }, data.scope)
      );
    });
  if (subscribers.length === 0) return { sent: 0 };
  const store = reportStore();
  const [html, text] = await Promise.all([
    store.get(data.summaryId, 'html'),
    store.get(data.summaryId, 'md'),
  ]);
  if (html === undefined || text === undefined)
    throw new Error(`summary ${data.summaryId} has no rendering in the store`);
  const subject = `${data.kind === 'digest' ? 'Accountability digest' : 'Governance report'}: ${data.scope}, ${data.period}`;
  let sent = 0;
  for (const subscription of subscribers) {
    if (!(await claimDelivery(TABLE_NAME, data.summaryId, subscription.id))) continue;
    try {
      const unsubscribeUrl = `${PUBLIC_API_URL}/subscriptions/${subscription.id}/unsubscribe?token=${subscription.linkToken}`;
      await mailerFromEnvironment().send({
        to: subscription.email,
        subject,
        text: `${text}\n\n--\nUnsubscribe: ${unsubscribeUrl}\n`,
        html: html.replace(
          '</body>',
          `<footer class="no-print"><p><a href="${unsubscribeUrl}">Unsubscribe</a> from these e-mails.</p></footer></body>`,
        ),
        unsubscribeUrl,
      });
      sent++;
    } catch (error) {
      await releaseDelivery(TABLE_NAME, data.summaryId, subscription.id);
      throw error;
    }
  }
  logger.info('summary sent', { summaryId: data.summaryId, sent });
  return { sent };
};
