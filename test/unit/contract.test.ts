import { describe, expect, it } from 'vitest';
import { contractViolation } from '../support/contract';

/** The contract checker the integration and browser suites run on every response: it must catch drift. */
const json = (body: unknown, type = 'application/json') => ({
  headers: { 'content-type': type },
  body: JSON.stringify(body),
});
const problem = (status: number) =>
  json({ type: '/problems/x', title: 'X', status }, 'application/problem+json');

describe('contract checker', () => {
  it('accepts a declared response whose body fits the schema', () => {
    expect(
      contractViolation({ method: 'GET', path: '/health', status: 503, ...problem(503) }),
    ).toBeUndefined();
    expect(
      contractViolation({ method: 'GET', path: '/nowhere', status: 404, ...problem(404) }),
    ).toBeUndefined();
  });

  it('finds an undeclared status, an undeclared content type and a body that does not fit', () => {
    expect(
      contractViolation({ method: 'GET', path: '/responsibilities/REG-WP-1', status: 409, ...problem(409) }),
    ).toMatch(/status not declared/);
    expect(
      contractViolation({
        method: 'GET',
        path: '/responsibilities/REG-WP-1',
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      }),
    ).toMatch(/content type "text\/plain" not declared/);
    expect(
      contractViolation({
        method: 'GET',
        path: '/responsibilities/REG-WP-1',
        status: 200,
        ...json({ id: 1 }),
      }),
    ).toMatch(/does not match the schema/);
    expect(
      contractViolation({
        method: 'GET',
        path: '/commitments/cmt-1',
        status: 404,
        ...json({ message: 'x' }),
      }),
    ).toMatch(/content type "application\/json" not declared/);
  });

  it('requires Allow on a 405 from the catch-all', () => {
    expect(contractViolation({ method: 'PUT', path: '/health', status: 405, ...problem(405) })).toMatch(
      /405 without Allow/,
    );
  });
});
