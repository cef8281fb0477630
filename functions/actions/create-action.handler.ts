import { identityOf } from '../../shared/auth/identity';
import { CommitmentPath, CreateActionBody } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { EVIDENCE_PART } from '../../shared/evidence/evidence-part';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { idempotent } from '../../shared/http/idempotency';
import { parseRequestPart } from '../../shared/http/validation';
import { MetricUnit, metrics } from '../../shared/observability/metrics';

/** POST /commitments/{id}/actions (append-only; honours Idempotency-Key) */
export const handler = httpHandler().handler(async (event, context) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const body = parseJsonBody(event, CreateActionBody);
  return idempotent(event, context, identity, async () => {
    const action = await commitmentsService(EVIDENCE_PART).logAction(identity, id, body);
    metrics.addMetric('ActionLogged', MetricUnit.Count, 1);
    return json(201, action, { location: `/commitments/${id}/actions/${action.id}` });
  });
});
