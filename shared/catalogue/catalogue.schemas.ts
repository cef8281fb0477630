import * as z from 'zod';
import { CATALOGUE_VERSIONS } from './catalogue';

/** A version of the operating model the catalogue holds (`v1`). */
export const VersionSchema = z.string().refine((v) => CATALOGUE_VERSIONS.includes(v), {
  message: `Must be one of: ${CATALOGUE_VERSIONS.join(', ')}`,
});
