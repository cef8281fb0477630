/**
 * After `cdk synth`: every function that renders HTML (summaries, the board page) carries
 * nhsuk-frontend's stylesheet beside its bundle, and no other function does. Reads cdk.out only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../events/rules';
import { ROUTES, rendersHtml } from '../functions/routes';
import { SCHEDULES } from '../functions/schedules';
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
const problems: string[] = [];
let checked = 0;
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
    checked++;
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
  `Bundles: ${checked} functions checked; the ${rendering.length} that render HTML carry the NHS stylesheet.`,
);
