import * as z from 'zod';
import { VersionSchema } from '../../shared/catalogue/catalogue.schemas';
import { AREA_SLUGS, TIERS } from '../../shared/catalogue/types';
import { PageQuery } from '../../shared/http/page-query';

export const ListResponsibilitiesQuery = z.strictObject({
  tier: z.enum(TIERS).optional(),
  area: z.enum(AREA_SLUGS).optional(),
  version: VersionSchema.optional(),
  ...PageQuery,
});

export const ResponsibilityPath = z.strictObject({ id: z.string().min(1).max(32) });
export const GetResponsibilityQuery = z.strictObject({ version: VersionSchema.optional() });
