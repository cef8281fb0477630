import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { CommitmentPath, ConfidenceBody } from '../../shared/commitments/commitments.schemas';
import { parseIfMatch } from '../../shared/commitments/commitments.service';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { EVIDENCE_PART } from '../../shared/evidence/evidence-part';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { PreconditionFailedError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';

/**
 * POST /commitments/{id}/confidence: the accountable owner's delivery confidence (an editor of the
 * owner unit) or the assurer's (an editor of the parent unit). `If-Match` is optional: with it, the
 * rating applies only to that version.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const ifMatch = parseIfMatch(event.headers?.['if-match']);
  if (ifMatch === 'invalid') throw new PreconditionFailedError('If-Match is not an ETag this API issued.');
  const body = parseJsonBody(event, ConfidenceBody);
  const commitment = await commitmentsService(EVIDENCE_PART).rateConfidence(identity, id, body, ifMatch);
  return json(200, commitmentView(commitment), { etag: `"${commitment.version}"` });
});
