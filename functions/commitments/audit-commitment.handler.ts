import { checkAgainstSeal } from '../../shared/audit/sealing';
import { identityOf } from '../../shared/auth/identity';
import { CommitmentPath } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /commitments/{id}/audit: verifies the action hash chain and names the first broken link. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  return json(200, await commitmentsService({ checkAgainstSeal }).audit(identity, id));
});
