import { identityOf } from '../../shared/auth/identity';
import { HandoverBody, UnitPath } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { idempotent } from '../../shared/http/idempotency';
import { parseRequestPart } from '../../shared/http/validation';
import { MetricUnit, metrics } from '../../shared/observability/metrics';

/** POST /org-units/{unitId}/handovers: a leaver's commitments to someone else, each recorded as an action. */
export const handler = httpHandler().handler(async (event, context) => {
  const identity = identityOf(event);
  const { unitId } = parseRequestPart(UnitPath, 'path', event.pathParameters);
  const body = parseJsonBody(event, HandoverBody);
  return idempotent(event, context, identity, async () => {
    const result = await commitmentsService().handOver(identity, unitId, body);
    metrics.addMetric('ActionLogged', MetricUnit.Count, result.count);
    return json(200, result);
  });
});
