import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/openapi/openapi.document';
import { OPERATIONS } from '../../functions/openapi/operations';
import { ROUTES } from '../../functions/routes';

type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: Array<{ name: string; example?: unknown; description?: string }>;
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, unknown>;
};
const doc = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};
const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));

describe('the OpenAPI document', () => {
  it('is committed as docs/openapi.json exactly as the code generates it (npm run openapi)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('gives every operation a summary, description and tag, and every parameter and body an example', () => {
    expect(operations).toHaveLength(ROUTES.filter((r) => r.routeKey !== '$default').length);
    for (const op of operations) {
      expect(op.summary, op.operationId).toBeTruthy();
      expect(op.description, op.operationId).toBeTruthy();
      expect(op.tags, op.operationId).toHaveLength(1);
      for (const p of op.parameters) {
        expect(p.example, `${op.operationId} ${p.name}`).toBeDefined();
        expect(p.description, `${op.operationId} ${p.name}`).toBeTruthy();
      }
      for (const [mediaType, body] of Object.entries(op.requestBody?.content ?? {}))
        expect(body.example, `${op.operationId} ${mediaType}`).toBeDefined();
    }
  });

  it('has request examples the handlers accept', () => {
    for (const [id, op] of Object.entries(OPERATIONS)) {
      if (!op.body) continue;
      const parsed = op.body.safeParse(op.example);
      expect(parsed.error?.issues ?? [], id).toEqual([]);
    }
  });

  it('names its schemas as components instead of inlining them', () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Commitment', 'CommitmentPage', 'Action', 'Problem', 'SummaryDocument']),
    );
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('declares 401 and 403 on every route that needs a token, and 429, 500 and 503 everywhere', () => {
    for (const route of ROUTES.filter((r) => r.routeKey !== '$default')) {
      const op = operations.find((o) => o.operationId === route.id) as Operation;
      const statuses = Object.keys(op.responses);
      expect(statuses, route.id).toEqual(expect.arrayContaining(['429', '500', '503']));
      if (route.auth === 'jwt') expect(statuses, route.id).toEqual(expect.arrayContaining(['401', '403']));
    }
  });
});
