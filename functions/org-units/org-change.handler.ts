import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { parseJsonBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { OrgChangeService } from '../../shared/org/org-change.service';
import { OrgChangeBody } from '../../shared/org/org-map';
import { OrgChangeQuery } from './org-units.schemas';

/**
 * POST /org-changes?dryRun=true|false: a national administrator records a dated org change (rename,
 * merge, split, move, close). A dry run lists every commitment, subscription, accountable person and
 * open escalation it touches and where each goes; a real run records it and, from its effective date,
 * moves each commitment with a version that names the change.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { dryRun } = parseRequestPart(OrgChangeQuery, 'query', event.queryStringParameters);
  const change = parseJsonBody(event, OrgChangeBody);
  const service = new OrgChangeService(config().TABLE_NAME);
  if (dryRun) return json(200, await service.plan(identity, change));
  const result = await service.apply(identity, change);
  return json(result.status === 'already-applied' ? 200 : 201, result);
});
