/**
 * After `cdk synth`, from cdk.out only:
 * - every function that renders HTML (summaries, the board page) carries nhsuk-frontend's stylesheet
 *   beside its bundle, and no other function does;
 * - no bundle carries what infra/lambda-bundling.ts keeps out (the SDK's default credential chain
 *   everywhere; the X-Ray SDK and the EventBridge client in the API handlers), read from each
 *   bundle's esbuild metafile, and none is over the size ceiling.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../events/rules';
import { ROUTES, rendersHtml } from '../functions/routes';
import { SCHEDULES } from '../functions/schedules';
import { API_NEVER_BUNDLED, BUNDLE_CEILING_KB, NEVER_BUNDLED } from '../infra/lambda-bundling';
import { NHSUK_CSS_FILE } from '../shared/ui/nhsuk';

const OUT = join(import.meta.dirname, '..', 'cdk.out');
const rendering = [
  ...ROUTES.filter((r) => rendersHtml(r.id, r)).map((r) => `${r.routeKey}: `),
  ...SCHEDULES.filter((s) => rendersHtml(s.id, s.access)).map((s) => `${s.id}: `),
  ...RULES.filter((r) => rendersHtml(r.id, r.access)).map((r) => `Event consumer (${r.target})`),
];
interface Resource {
  Type: string;
  Properties?: { Description?: string };
  Metadata?: Record<string, string>;
}
const apiRoutes = ROUTES.map((r) => `${r.routeKey}: `);
interface Metafile {
  outputs: Record<string, { entryPoint?: string; bytes: number; inputs: Record<string, unknown> }>;
}
const problems: string[] = [];
let checked = 0;
let largest = { kb: 0, name: '' };
for (const file of readdirSync(OUT).filter((f) => f.endsWith('.template.json'))) {
  const template = JSON.parse(readFileSync(join(OUT, file), 'utf8')) as {
    Resources: Record<string, Resource>;
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || !assetPath) continue;
    const description = resource.Properties?.Description ?? '';
    const wanted = rendering.some((prefix) => description.startsWith(prefix));
    const has = existsSync(join(OUT, assetPath, NHSUK_CSS_FILE));
    const metaPath = join(OUT, assetPath, 'index.meta.json');
    // CDK's own providers (the trigger, the bucket deployment) are not esbuild bundles of ours.
    if (!existsSync(join(OUT, assetPath, 'index.mjs'))) continue;
    checked++;
    if (!existsSync(metaPath)) {
      problems.push(`${id} has no index.meta.json: bundle with metafile: true (TrackerFunction does)`);
      continue;
    }
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Metafile;
    const bundle = Object.values(meta.outputs).find((o) => o.entryPoint);
    if (!bundle) continue;
    const kb = bundle.bytes / 1024;
    if (kb > largest.kb) largest = { kb, name: description.slice(0, 50) };
    if (kb > BUNDLE_CEILING_KB)
      problems.push(
        `${id} (${description.slice(0, 40)}) is ${kb.toFixed(0)} KB, over ${BUNDLE_CEILING_KB} KB`,
      );
    const isApi = apiRoutes.some((prefix) => description.startsWith(prefix));
    const banned = [...NEVER_BUNDLED, ...(isApi ? API_NEVER_BUNDLED : [])];
    for (const name of banned) {
      if (Object.keys(bundle.inputs).some((input) => input.includes(`node_modules/${name}/`)))
        problems.push(`${id} (${description.slice(0, 40)}) bundles ${name}`);
    }
    if (wanted && !has)
      problems.push(`${id} (${description.slice(0, 40)}) renders HTML but has no ${NHSUK_CSS_FILE}`);
    if (!wanted && has)
      problems.push(`${id} (${description.slice(0, 40)}) carries ${NHSUK_CSS_FILE} it does not use`);
  }
}
if (checked === 0) problems.push('no bundled functions found in cdk.out: run `cdk synth` first');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `Bundles: ${checked} functions checked; the ${rendering.length} that render HTML carry the NHS stylesheet; none carries ${[...NEVER_BUNDLED, ...API_NEVER_BUNDLED].join(', ')} where it is kept out; the largest is ${largest.kb.toFixed(0)} KB (${largest.name}).`,
);
