import * as z from 'zod';
import { seqOfSealId } from '../../shared/audit/seal.model';
import { verifySeal } from '../../shared/audit/sealing';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';

export const SealPath = z.strictObject({
  id: z.string().regex(/^seal-\d{6}$/, 'Must be a seal id such as seal-000001'),
});

/** GET /audit/seals/{id}: a seal, its signature checked and its link to the previous seal verified. */
export const handler = httpHandler().handler(async (event) => {
  const { id } = parseRequestPart(SealPath, 'path', event.pathParameters);
  const verdict = await verifySeal(seqOfSealId(id) as number);
  if (!verdict) throw new NotFoundError(`No seal ${id}.`);
  return json(200, verdict);
});
