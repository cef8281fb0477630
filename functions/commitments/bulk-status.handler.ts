import { identityOf } from '../../shared/auth/identity';
import { BulkStatusBody } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { idempotent } from '../../shared/http/idempotency';
import { MetricUnit, metrics } from '../../shared/observability/metrics';

/**
 * POST /commitments/bulk-status: many commitments to one status, each with its own version. Always
 * 200 when the request itself is valid; `results` says per item what happened (honours Idempotency-Key).
 */
export const handler = httpHandler().handler(async (event, context) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, BulkStatusBody);
  return idempotent(event, context, identity, async () => {
    const results = await commitmentsService().bulkStatus(identity, body);
    const updated = results.filter((r) => r.outcome === 'updated').length;
    metrics.addMetric('CommitmentChanged', MetricUnit.Count, updated);
    return json(200, { status: body.status, updated, failed: results.length - updated, results });
  });
});
