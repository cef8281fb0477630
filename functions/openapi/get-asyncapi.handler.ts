import asyncApi from '../../docs/asyncapi.json' with { type: 'json' };
import { httpHandler, json } from '../../shared/http/handler';

/**
 * GET /asyncapi.json: the event catalogue as an AsyncAPI 3.0 document. It is docs/asyncapi.json, which
 * `npm run events:schemas` generates from the zod contracts (a test fails when they differ).
 */
export const handler = httpHandler().handler(async () => json(200, asyncApi));
