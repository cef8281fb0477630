import * as z from 'zod';
import { CLAIMS, type Role } from './identity';

/**
 * Machine clients: systems that call the API for one unit with the OAuth client-credentials grant
 * (docs/api.md, "Machine clients"). Their tokens carry that unit and the role their access gives, and
 * their client id as `sub`, so every action and version they write names the client. The same rules
 * make the claims in the cloud (the Cognito pre-token-generation trigger) and locally (the local OIDC
 * provider).
 */
export const MachineClientGrantSchema = z.strictObject({
  /** Who the client is, as people will see it. */
  name: z.string().trim().min(1).max(120),
  unit: z.string().min(1).max(64),
  /** `write`: acts like an editor of the unit; `read`: like a reader. */
  access: z.enum(['read', 'write']),
});
export type MachineClientGrant = z.infer<typeof MachineClientGrantSchema>;

/** Where the cloud keeps each client's grant: an SSM parameter named by its Cognito client id. */
export const MACHINE_CLIENTS_PARAMETER_PREFIX = '/accountability-tracker/machine-clients';

export const machineRole = (grant: Pick<MachineClientGrant, 'access'>): Role =>
  grant.access === 'write' ? 'editor' : 'reader';

/** The claims a machine client's access token carries (beside `sub` = its client id). */
export const machineClaims = (grant: MachineClientGrant) => ({
  [CLAIMS.role]: machineRole(grant),
  [CLAIMS.unit]: grant.unit,
  name: grant.name,
});
