import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { CLAIMS, ROLES, type Role, scopesFor } from '../../shared/auth/identity';
import { ORG_UNITS_BY_ID } from '../../shared/catalogue/catalogue';

/**
 * Cognito pre-token-generation (V2) trigger: turns a user's group (editor, reader or board) and
 * `custom:unit` attribute into the claims and scopes the API reads, the same ones dev tokens carry.
 * A user without exactly one role group or with an unknown unit gets no token: sign-in fails.
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
  if (!unit || !ORG_UNITS_BY_ID.has(unit))
    throw new Error(`User's ${CLAIMS.unit} attribute is not an org unit id: ${unit ?? 'missing'}`);
  const claims = { [CLAIMS.role]: role, [CLAIMS.unit]: unit };
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: claims },
    accessTokenGeneration: { claimsToAddOrOverride: claims, scopesToAdd: scopesFor(role) },
  };
  return event;
};
