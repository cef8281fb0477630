import { identityOf } from '../../shared/auth/identity';
import { commitmentView, todayUtc } from '../../shared/commitments/commitment.model';
import { CommitmentPath, GetCommitmentQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

/**
 * GET /commitments/{id}: the commitment (with its children's roll-up), its version as the ETag; with
 * `?asAt=`, the version in force at that instant (overdue as at its date, no roll-up, no ETag).
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const { asAt } = parseRequestPart(GetCommitmentQuery, 'query', event.queryStringParameters);
  if (asAt) {
    const state = await commitmentsService().getAsAt(identity, id, asAt);
    return json(200, { ...commitmentView(state, asAt.slice(0, 10)), asAt });
  }
  const { commitment, rollup } = await commitmentsService().getWithRollup(identity, id);
  return json(200, commitmentView(commitment, todayUtc(), rollup), { etag: `"${commitment.version}"` });
});
