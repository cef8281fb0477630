import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { CreateCommitmentBody } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { idempotent } from '../../shared/http/idempotency';
import { MetricUnit, metrics } from '../../shared/observability/metrics';

/** POST /commitments (honours Idempotency-Key) */
export const handler = httpHandler().handler(async (event, context) => {
  const identity = identityOf(event);
  const body = parseJsonBody(event, CreateCommitmentBody);
  return idempotent(event, context, identity, async () => {
    const commitment = await commitmentsService().create(identity, body);
    metrics.addMetric('CommitmentCreated', MetricUnit.Count, 1);
    return json(201, commitmentView(commitment), {
      etag: `"${commitment.version}"`,
      location: `/commitments/${commitment.id}`,
    });
  });
});
