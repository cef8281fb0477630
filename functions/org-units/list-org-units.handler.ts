import { identityOf } from '../../shared/auth/identity';
import { orgUnitTree } from '../../shared/catalogue/org-unit-tree';
import { httpHandler, json } from '../../shared/http/handler';
import { ValidationError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { orgMap } from '../../shared/org/live-map';
import { londonDate } from '../../shared/summaries/period';
import { OrgUnitsQuery } from './org-units.schemas';

/**
 * GET /org-units?region=&asAt= : national, then the regions with their ICSs, as the map was on a date
 * (default today), each with the dates it is valid from and to.
 */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const query = parseRequestPart(OrgUnitsQuery, 'query', event.queryStringParameters);
  const date = query.asAt ?? londonDate(new Date());
  const map = orgMap();
  const snapshot = map.at(date);
  if (query.region && snapshot.byId.get(query.region)?.kind !== 'region')
    throw new ValidationError([{ path: 'query.region', message: `Must be a region id on ${date}` }]);
  const units = snapshot.units.map((u) => {
    const life = map.life(u.id);
    return { ...u, validFrom: life?.validFrom as string, validTo: life?.validTo ?? null };
  });
  return json(200, { asAt: date, ...orgUnitTree(units, query.region) });
});
