import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { xmrSvg } from '../../shared/spc/svg';
import { type ImprovementDirection, type XmrOptions, xmr } from '../../shared/spc/xmr';

const HELP = `Usage: npm run spc -- <case.json | series.csv> [options] [--format json|svg]

Charts a series the way the tracker's reports do (XmR with Making Data Count's rules) and prints it:
as JSON (default), the input with every computed field filled in (per point mean, lpl, upl,
special_cause_type, point_type, relative_to_mean, outside_limits, close_to_limits, rebase_group; for
the series assurance, variation_icon, assurance_icon and the per-segment summary), or as an SVG chart.

Input: a JSON case like an entry of ../shared/reference/spc/cases.json ({"name", "options", "points":
[{"x", "y"}]}), or a CSV with a header "x,y". Options (override the file's):
  --direction increase|decrease|neutral   which way is better (default increase)
  --target <number>                       for the assurance icon
  --fix-after <n>                         fix the limits after n points (12 or more)
  --no-screen                             keep every moving range (as MDC's Excel tool does)
  --rebase <date>                         start a new segment at this x (repeatable)
  --run-length 7|6                        points that make a run or trend (default 7)`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

function readSeries(file: string): {
  name: string;
  options: Partial<XmrOptions>;
  points: Array<{ x: string; y: number }>;
} {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    const parsed = JSON.parse(text) as {
      name?: string;
      options?: Partial<XmrOptions>;
      points?: Array<{ x: string; y: number }>;
    };
    if (!Array.isArray(parsed.points)) fail(`${file} has no "points" array`);
    return {
      name: parsed.name ?? file,
      options: parsed.options ?? {},
      points: parsed.points.map((p, i) => {
        if (typeof p.x !== 'string' || typeof p.y !== 'number')
          fail(`point ${i}: needs a string x and a number y`);
        return { x: p.x, y: p.y };
      }),
    };
  }
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (header?.replace(/\s/g, '').toLowerCase() !== 'x,y') fail(`${file}: the first line must be "x,y"`);
  return {
    name: file,
    options: {},
    points: lines.map((line, i) => {
      const [x = '', y = ''] = line.split(',').map((s) => s.trim());
      const value = Number(y);
      if (!x || y === '' || !Number.isFinite(value)) fail(`${file} row ${i + 2}: "${line}" is not x,number`);
      return { x, y: value };
    }),
  };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      direction: { type: 'string' },
      target: { type: 'string' },
      'fix-after': { type: 'string' },
      'no-screen': { type: 'boolean', default: false },
      rebase: { type: 'string', multiple: true },
      'run-length': { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const file = positionals[0];
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!file) fail('Name a file.');
  if (!existsSync(file)) fail(`No file ${file}`);
  const series = readSeries(file);
  const options: Partial<XmrOptions> = { ...series.options };
  if (values.direction) {
    if (!['increase', 'decrease', 'neutral'].includes(values.direction))
      fail('--direction is increase, decrease or neutral');
    options.improvement_direction = values.direction as ImprovementDirection;
  }
  if (values.target !== undefined) {
    const target = Number(values.target);
    if (!Number.isFinite(target)) fail('--target is a number');
    options.target = target;
  }
  if (values['fix-after'] !== undefined) {
    const n = Number(values['fix-after']);
    if (!Number.isInteger(n) || n < 12) fail('--fix-after is a whole number, 12 or more');
    options.fix_after_n_points = n;
  }
  if (values['no-screen']) options.screen_outliers = false;
  if (values.rebase?.length) options.rebase = values.rebase;
  if (values['run-length'] !== undefined) {
    if (!['6', '7'].includes(values['run-length'])) fail('--run-length is 7 or 6');
    options.run_length = Number(values['run-length']);
  }
  if (series.points.length === 0) fail('The series has no points.');
  const chart = xmr(series.points, options);
  if (values.format === 'svg') console.log(xmrSvg({ ...chart, target: chart.options.target }, series.name));
  else if (values.format === 'json') console.log(JSON.stringify({ name: series.name, ...chart }, null, 2));
  else fail('--format is json or svg');
}

main();
