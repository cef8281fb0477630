import { describe, expect, it } from 'vitest';
import { matchPath, methodsAt, ROUTES } from '../../functions/routes';
import { claimsAsApiGateway } from '../../local/dev-auth';
import { identityOf } from '../../shared/auth/identity';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { HttpEvent } from '../../shared/http/handler';
import { ValidationError } from '../../shared/http/problem';
import cloudEvent from '../fixtures/apigw-http-jwt-event.json';

describe('identityOf', () => {
  it('reads role, unit and user from the claims API Gateway passes to Lambda', () => {
    expect(identityOf(cloudEvent as unknown as HttpEvent)).toEqual({
      userId: '6e1b2c3d-1111-2222-3333-444455556666',
      role: 'editor',
      unitId: 'region-london',
      correlationId: 'Kx1ySjS5LPEEJBw=',
    });
  });

  it('rejects claims without a known role', () => {
    const event = structuredClone(cloudEvent) as unknown as HttpEvent;
    (event.requestContext.authorizer.jwt.claims as Record<string, string>)['custom:role'] = 'superuser';
    expect(() => identityOf(event)).toThrow(/role and unit/);
  });

  it('lets the admin role act only for the national unit', () => {
    const event = structuredClone(cloudEvent) as unknown as HttpEvent;
    const claims = event.requestContext.authorizer.jwt.claims as Record<string, string>;
    claims['custom:role'] = 'admin';
    claims['custom:unit'] = 'region-london';
    expect(() => identityOf(event)).toThrow(/national unit only/);
    claims['custom:unit'] = 'national';
    expect(identityOf(event)).toMatchObject({ role: 'admin', unitId: 'national' });
  });
});

describe('claimsAsApiGateway', () => {
  it('renders claims as API Gateway does: numbers as strings, arrays as "[a b]"', () => {
    expect(claimsAsApiGateway({ sub: 'u', exp: 1795423600, groups: ['a', 'b'] })).toEqual({
      sub: 'u',
      exp: '1795423600',
      groups: '[a b]',
    });
  });
});

describe('pagination cursors', () => {
  const secret = 'x'.repeat(32);
  const key = { pk: 'CATALOGUE#v1', sk: 'RESP#0#1#02' };

  it('round-trips the resume key for the same query', () => {
    const cursor = encodeCursor(secret, key, { tier: 'ics' });
    expect(decodeCursor(secret, cursor, { tier: 'ics' })).toEqual(key);
  });

  /** The field error a bad cursor produces. */
  function rejection(decode: () => unknown): string {
    try {
      decode();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const [first] = (error as ValidationError).errors;
      expect(first?.path).toBe('query.cursor');
      return first?.message ?? '';
    }
    throw new Error('the cursor was accepted');
  }

  it('rejects a cursor signed with another secret, an edited one, and one from other filters', () => {
    const cursor = encodeCursor(secret, key, { tier: 'ics' });
    expect(rejection(() => decodeCursor('y'.repeat(32), cursor, { tier: 'ics' }))).toMatch(/altered/);
    expect(rejection(() => decodeCursor(secret, `A${cursor}`, { tier: 'ics' }))).toMatch(/altered/);
    expect(rejection(() => decodeCursor(secret, cursor, { tier: 'region' }))).toMatch(/other filters/);
    expect(rejection(() => decodeCursor(secret, 'no-dot', {}))).toMatch(/malformed/);
  });
});

describe('route manifest', () => {
  it('declares each route key once and ends with the $default catch-all', () => {
    const keys = ROUTES.map((r) => r.routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('$default');
  });

  it('matches path parameters and lists the methods served at a path', () => {
    expect(matchPath('/responsibilities/{id}', '/responsibilities/REG-WP-1')).toEqual({ id: 'REG-WP-1' });
    expect(matchPath('/responsibilities/{id}', '/responsibilities/')).toBeUndefined();
    expect(matchPath('/responsibilities', '/responsibilities/x')).toBeUndefined();
    expect(methodsAt('/org-units')).toEqual(['GET']);
    expect(methodsAt('/nothing')).toEqual([]);
  });
});
