import { identityOf } from '../../shared/auth/identity';
import { commitmentView, todayUtc } from '../../shared/commitments/commitment.model';
import { CommitmentPath } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

/** GET /commitments/{id}/children: the contributions to a commitment, each with its own roll-up. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(CommitmentPath, 'path', event.pathParameters);
  const { parent, rollup, children } = await commitmentsService().children(identity, id);
  const today = todayUtc();
  return json(200, {
    parentId: parent.id,
    rollup: rollup ?? null,
    items: children.map((child) => commitmentView(child.commitment, today, child.rollup)),
  });
});
