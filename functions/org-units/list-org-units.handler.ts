import * as z from 'zod';
import { identityOf } from '../../shared/auth/identity';
import { ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';
import { listOrgUnits } from '../../shared/catalogue/catalogue.repository';
import { orgUnitTree } from '../../shared/catalogue/org-unit-tree';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';

const Query = z.strictObject({
  region: z
    .string()
    .refine((id) => ORG_UNITS_BY_ID.get(id)?.kind === 'region', { message: 'Must be a region id' })
    .optional(),
});

/** GET /org-units?region= : national, then the regions with their ICSs. */
export const handler = httpHandler().handler(async (event) => {
  identityOf(event);
  const query = parseRequestPart(Query, 'query', event.queryStringParameters);
  const units = await listOrgUnits(config().TABLE_NAME);
  return json(200, orgUnitTree(units, query.region));
});
