import { identityOf } from '../../shared/auth/identity';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { CommitmentPath } from './commitments.schemas';

/** GET /commitments/{id}/audit: verifies the action hash chain and names the first broken link. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  return json(200, await commitmentsService().audit(identity, id));
});
