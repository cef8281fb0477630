import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { CLAIMS, ROLES, type Role, SCOPES, scopesFor } from '../../shared/auth/identity';
import {
  MACHINE_CLIENTS_PARAMETER_PREFIX,
  type MachineClientGrant,
  MachineClientGrantSchema,
  machineClaims,
} from '../../shared/auth/machine-clients';
import { orgMap, refreshOrgMap } from '../../shared/org/live-map';

type UserEvent = PreTokenGenerationV2TriggerEvent;
type MachineEvent = PreTokenGenerationV3TriggerEvent;

/**
 * Cognito pre-token-generation (V3) trigger: the claims and scopes the API reads, the same ones the
 * local OIDC provider puts in its tokens.
 * - A person: their group (editor, reader, board or admin) and `custom:unit` attribute. Without
 *   exactly one role group, or with a unit the org map never had, they get no token: sign-in fails.
 *   A role that may not write loses the write scope even if the client asked for it.
 * - A machine client (client credentials): the unit and access its administrator registered (an SSM
 *   parameter by client id). An unregistered client gets no token.
 */
export const handler = async <E extends UserEvent | MachineEvent>(event: E): Promise<E> => {
  if (process.env.TABLE_NAME) await refreshOrgMap(process.env.TABLE_NAME);
  if (event.triggerSource === 'TokenGeneration_ClientCredentials') {
    const grant = await grantOf(event.callerContext.clientId);
    (event as MachineEvent).response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: {
        claimsToAddOrOverride: machineClaims(grant),
        ...(grant.access === 'read' ? { scopesToSuppress: [SCOPES.write] } : {}),
      },
    };
    return event;
  }
  const { role, unit } = userRoleAndUnit(event as UserEvent);
  const claims = { [CLAIMS.role]: role, [CLAIMS.unit]: unit };
  const suppressed = Object.values(SCOPES).filter((s) => !scopesFor(role).includes(s));
  (event as UserEvent).response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: claims },
    accessTokenGeneration: {
      claimsToAddOrOverride: claims,
      scopesToAdd: scopesFor(role),
      ...(suppressed.length ? { scopesToSuppress: suppressed } : {}),
    },
  };
  return event;
};

export function userRoleAndUnit(event: UserEvent): { role: Role; unit: string } {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  const roles = groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (roles.length !== 1) {
    throw new Error(
      `User must be in exactly one of the groups ${ROLES.join(', ')} (is in: ${groups.join(', ') || 'none'})`,
    );
  }
  const unit = event.request.userAttributes[CLAIMS.unit];
  assertKnownUnit(unit, `User's ${CLAIMS.unit} attribute`);
  return { role: roles[0] as Role, unit: unit as string };
}

/**
 * Any unit the org map knows: one created by a merger, and one since closed (the API then answers with
 * a 403 that names its successor, or lets it act as the successor if the change said so).
 */
function assertKnownUnit(unit: string | undefined, what: string): void {
  if (!unit || !orgMap().life(unit)) throw new Error(`${what} is not an org unit id: ${unit ?? 'missing'}`);
}

/** A machine client's registered grant, checked against the org map like a person's unit. */
export async function grantOf(
  clientId: string,
  lookup: (name: string) => Promise<string | undefined> = readParameter,
): Promise<MachineClientGrant> {
  const raw = await lookup(`${MACHINE_CLIENTS_PARAMETER_PREFIX}/${clientId}`);
  if (!raw) throw new Error(`Client ${clientId} is not a registered machine client`);
  const grant = MachineClientGrantSchema.parse(JSON.parse(raw));
  assertKnownUnit(grant.unit, `Machine client ${clientId}'s unit`);
  return grant;
}

async function readParameter(name: string): Promise<string | undefined> {
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  try {
    return await getParameter(name, { maxAge: 300 });
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound' || /ParameterNotFound/.test(String(error)))
      return undefined;
    throw error;
  }
}
