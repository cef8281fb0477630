import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { AcknowledgeBody, CommitmentPath } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

/**
 * POST /commitments/{id}/acknowledgements: the unit holding an overdue duty (its owner, or the tier
 * it has escalated to) records who saw it and what they will do; it then escalates no further.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const { plan } = parseJsonBody(event, AcknowledgeBody);
  const commitment = await commitmentsService().acknowledge(identity, id, plan);
  return json(201, commitmentView(commitment), { etag: `"${commitment.version}"` });
});
