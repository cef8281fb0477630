import * as z from 'zod';
import { CATALOGUE_VERSIONS } from '../../shared/catalogue/catalogue';
import { AREA_SLUGS, TIERS } from '../../shared/catalogue/types';

export const VersionSchema = z.string().refine((v) => CATALOGUE_VERSIONS.includes(v), {
  message: `Must be one of: ${CATALOGUE_VERSIONS.join(', ')}`,
});

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
};

export const ListResponsibilitiesQuery = z.strictObject({
  tier: z.enum(TIERS).optional(),
  area: z.enum(AREA_SLUGS).optional(),
  version: VersionSchema.optional(),
  ...PageQuery,
});

export const ResponsibilityPath = z.strictObject({ id: z.string().min(1).max(32) });
export const GetResponsibilityQuery = z.strictObject({ version: VersionSchema.optional() });
