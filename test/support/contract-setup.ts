import { afterAll, expect } from 'vitest';
import { observeExchanges } from '../../local/http-server';
import { contractViolation } from './contract';

/**
 * Every response the local API gives in this test file is checked against /openapi.json (status,
 * content type, body); any undeclared response fails the file.
 */
const violations = new Set<string>();
observeExchanges((exchange) => {
  const violation = contractViolation(exchange);
  if (violation) violations.add(violation);
});

afterAll(() => {
  observeExchanges(undefined);
  expect([...violations], 'responses the OpenAPI document does not declare').toEqual([]);
});
