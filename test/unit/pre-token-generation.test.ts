import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/auth/pre-token-generation.handler';

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

  it('gives a board member only the read scope', async () => {
    const out = await handler(event(['board'], 'national'));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toEqual([
      'tracker/read',
    ]);
  });

  it('refuses a token to a user with no role group, two role groups, or an unknown unit', async () => {
    await expect(handler(event([], 'national'))).rejects.toThrow(/exactly one/);
    await expect(handler(event(['editor', 'board'], 'national'))).rejects.toThrow(/exactly one/);
    await expect(handler(event(['reader'], 'atlantis'))).rejects.toThrow(/not an org unit/);
    await expect(handler(event(['reader']))).rejects.toThrow(/missing/);
  });
});
