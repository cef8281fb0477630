import { identityOf } from '../../shared/auth/identity';
import { commitmentView } from '../../shared/commitments/commitment.model';
import { CommitmentPath, SignOffBody } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

/**
 * POST /commitments/{id}/sign-off: a reviewer of the parent unit approves (completing it, or applying
 * the owner's Green) or rejects what awaits sign-off.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const body = parseJsonBody(event, SignOffBody);
  const commitment = await commitmentsService().signOff(identity, id, body);
  return json(200, commitmentView(commitment), { etag: `"${commitment.version}"` });
});
