import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { grantOf, handler } from '../../functions/auth/pre-token-generation.handler';

function event(groups: string[], unit?: string): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-2',
    userPoolId: 'eu-west-2_EXAMPLE',
    userName: 'alice',
    callerContext: { awsSdkVersion: '3', clientId: 'client' },
    request: {
      userAttributes: { sub: 'u-1', ...(unit ? { 'custom:unit': unit } : {}) },
      groupConfiguration: { groupsToOverride: groups },
    },
    response: { claimsAndScopeOverrideDetails: {} },
  } as PreTokenGenerationV2TriggerEvent;
}

describe('pre-token-generation trigger', () => {
  it('gives an editor the role and unit claims and both scopes', async () => {
    const out = await handler(event(['editor'], 'region-london'));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: { 'custom:role': 'editor', 'custom:unit': 'region-london' },
      scopesToAdd: ['tracker/read', 'tracker/write'],
    });
  });

  it('gives a board member only the read scope, and takes away a write scope the client asked for', async () => {
    const out = await handler(event(['board'], 'national'));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toMatchObject({
      scopesToAdd: ['tracker/read'],
      scopesToSuppress: ['tracker/write'],
    });
  });

  it('refuses a token to a user with no role group, two role groups, or an unknown unit', async () => {
    await expect(handler(event([], 'national'))).rejects.toThrow(/exactly one/);
    await expect(handler(event(['editor', 'board'], 'national'))).rejects.toThrow(/exactly one/);
    await expect(handler(event(['reader'], 'atlantis'))).rejects.toThrow(/not an org unit/);
    await expect(handler(event(['reader']))).rejects.toThrow(/missing/);
  });
});

describe('machine clients (client credentials, V3 event)', () => {
  const registered = new Map([
    [
      '/accountability-tracker/machine-clients/london-cms',
      JSON.stringify({ name: 'London CMS', unit: 'region-london', access: 'write' }),
    ],
    [
      '/accountability-tracker/machine-clients/warehouse',
      JSON.stringify({ name: 'Warehouse', unit: 'national', access: 'read' }),
    ],
    [
      '/accountability-tracker/machine-clients/lost',
      JSON.stringify({ name: 'Lost', unit: 'atlantis', access: 'read' }),
    ],
  ]);
  const lookup = async (name: string) => registered.get(name);

  it('reads the unit and access an administrator registered for the client id', async () => {
    expect(await grantOf('london-cms', lookup)).toEqual({
      name: 'London CMS',
      unit: 'region-london',
      access: 'write',
    });
    await expect(grantOf('stranger', lookup)).rejects.toThrow(/not a registered machine client/);
    await expect(grantOf('lost', lookup)).rejects.toThrow(/not an org unit/);
  });

  it('is told a client-credentials request apart from a person signing in', async () => {
    const machine = {
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      region: 'eu-west-2',
      userPoolId: 'eu-west-2_EXAMPLE',
      userName: 'unknown',
      callerContext: { awsSdkVersion: '3', clientId: 'stranger' },
      request: { userAttributes: {}, groupConfiguration: { groupsToOverride: [] }, scopes: ['tracker/read'] },
      response: { claimsAndScopeOverrideDetails: {} },
    } as unknown as PreTokenGenerationV3TriggerEvent;
    // No parameter store here: the lookup fails and the client gets no token, and it never took the
    // person's path (which would have complained about groups).
    const error = (await handler(machine).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).not.toMatch(/groups/);
  });
});
