import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../functions/openapi/openapi.document';

/**
 * `npm run openapi`: writes docs/openapi.json, the document `GET /openapi.json` serves (with this
 * deployment's URL as its server). Redocly and Spectral lint this file in `npm test`, and a unit test
 * fails when it differs from what the code generates.
 */
const file = join(import.meta.dirname, '..', 'docs', 'openapi.json');
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${file}`);
