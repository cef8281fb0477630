import { identityOf } from '../../shared/auth/identity';
import { commitmentView, todayUtc } from '../../shared/commitments/commitment.model';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { CommitmentPath } from './commitments.schemas';

/** GET /commitments/{id}: the commitment (with its children's roll-up), its version as the ETag. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const { commitment, rollup } = await commitmentsService().getWithRollup(identity, id);
  return json(200, commitmentView(commitment, todayUtc(), rollup), { etag: `"${commitment.version}"` });
});
