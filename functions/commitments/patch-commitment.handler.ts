import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { CommitmentPath, PatchCommitmentBody } from '../../shared/commitments/commitments.schemas';
import { parseIfMatch } from '../../shared/commitments/commitments.service';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { PreconditionFailedError, PreconditionRequiredError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { MetricUnit, metrics } from '../../shared/observability/metrics';

/** PATCH /commitments/{id}: needs `If-Match` with the ETag from the last read. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const ifMatch = parseIfMatch(event.headers?.['if-match']);
  if (ifMatch === undefined) {
    throw new PreconditionRequiredError('Send If-Match with the ETag of the version you are changing.');
  }
  if (ifMatch === 'invalid') throw new PreconditionFailedError('If-Match is not an ETag this API issued.');
  const patch = parseJsonBody(event, PatchCommitmentBody);
  const commitment = await commitmentsService().patch(identity, id, ifMatch, patch);
  metrics.addMetric('CommitmentChanged', MetricUnit.Count, 1);
  return json(200, commitmentView(commitment), { etag: `"${commitment.version}"` });
});
