import { seqOfSealId } from '../../shared/audit/seal.model';
import { verifySeal } from '../../shared/audit/sealing';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { SealPath } from './audit.schemas';

/** GET /audit/seals/{id}: a seal, its signature checked and its link to the previous seal verified. */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(SealPath, 'path', event.pathParameters);
  const verdict = await verifySeal(seqOfSealId(id) as number);
  if (!verdict) throw new NotFoundError(`No seal ${id}.`);
  return json(200, verdict);
});
