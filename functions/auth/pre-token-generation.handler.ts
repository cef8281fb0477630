import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { CLAIMS, ROLES, type Role, scopesFor } from '../../shared/auth/identity';
import { orgMap, refreshOrgMap } from '../../shared/org/live-map';

/**
 * Cognito pre-token-generation (V2) trigger: turns a user's group (editor, reader or board) and
 * `custom:unit` attribute into the claims and scopes the API reads, the same ones dev tokens carry.
 * A user without exactly one role group or with a unit the org map never had gets no token: sign-in fails.
 */
export const handler = async (
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  const roles = groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (roles.length !== 1) {
    throw new Error(
      `User must be in exactly one of the groups ${ROLES.join(', ')} (is in: ${groups.join(', ') || 'none'})`,
    );
  }
  const role = roles[0] as Role;
  const unit = event.request.userAttributes[CLAIMS.unit];
  // Any unit the org map knows: one created by a merger, and one since closed (the API then answers
  // with a 403 that names its successor, or lets it act as the successor if the change said so).
  if (process.env.TABLE_NAME) await refreshOrgMap(process.env.TABLE_NAME);
  if (!unit || !orgMap().life(unit))
    throw new Error(`User's ${CLAIMS.unit} attribute is not an org unit id: ${unit ?? 'missing'}`);
  const claims = { [CLAIMS.role]: role, [CLAIMS.unit]: unit };
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: claims },
    accessTokenGeneration: { claimsToAddOrOverride: claims, scopesToAdd: scopesFor(role) },
  };
  return event;
};
