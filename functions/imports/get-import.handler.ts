import { assertCanRead } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { getImportRecord } from '../../shared/imports/import.repository';
import { ImportPath } from './imports.schemas';

/**
 * GET /imports/{id}: how a real import went (`writing` until every row is written, then `completed`),
 * e.g. after a request that timed out. A dry run of the same file reports the same id.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(ImportPath, 'path', event.pathParameters);
  const record = await getImportRecord(config().TABLE_NAME, id);
  if (!record) throw new NotFoundError(`No import ${id} was written (a dry run writes nothing).`);
  assertCanRead(identity, record.unitId);
  return json(200, record);
});
