import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { contractFileName, EVENT_CATALOGUE } from './catalogue';
import { detailSchema, EVENT_SOURCE } from './envelope';

/** The JSON Schema of each event's `detail`, generated from its zod schema. */
export function jsonSchemaOf(contract: (typeof EVENT_CATALOGUE)[number]): Record<string, unknown> {
  return {
    $id: `${EVENT_SOURCE}/${contractFileName(contract)}`,
    title: `${contract.detailType} v${contract.version}`,
    description: contract.description,
    'x-source': EVENT_SOURCE,
    'x-detail-type': contract.detailType,
    ...(z.toJSONSchema(detailSchema(contract), { io: 'output' }) as Record<string, unknown>),
  };
}

/** `npm run events:schemas` rewrites events/schemas/; the contract test checks it is current. */
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const contract of EVENT_CATALOGUE) {
    const file = join(import.meta.dirname, 'schemas', contractFileName(contract));
    writeFileSync(file, `${JSON.stringify(jsonSchemaOf(contract), null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
