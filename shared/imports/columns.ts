import type * as z from 'zod';
import {
  catalogueVersionInForce,
  OPERATING_MODELS,
  ORG_UNITS_BY_ID,
  responsibilitiesOf,
} from '../catalogue/catalogue';
import {
  CreateActionBody,
  type CreateActionInput,
  CreateCommitmentBody,
  type CreateCommitmentInput,
} from '../commitments/commitments.schemas';
import { unguardCell } from '../csv/csv';

export const IMPORT_KINDS = ['commitments', 'actions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One CSV column: its header, what it holds, and where its value goes in the JSON body. */
export interface ColumnSpec {
  name: string;
  required: boolean;
  /**
   * `list`: several values separated by `;`; `links`: evidence, `;`-separated (http(s) links, or keys of
   * files uploaded through POST /evidence); `integer`: a whole number; `boolean`: true or false.
   */
  shape: 'text' | 'list' | 'links' | 'integer' | 'boolean';
  /** The body field it fills (dotted), when that differs from the column name. */
  field?: string;
  /** Not a body field: it says where the row goes (an action's commitment). */
  target?: true;
  description: string;
}

/** The columns of each kind of import, in template order (docs/csv.md). */
export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  commitments: [
    {
      name: 'ownerUnitId',
      required: false,
      shape: 'text',
      description: "Org unit id; empty means the importer's unit",
    },
    { name: 'title', required: true, shape: 'text', description: 'Up to 200 characters' },
    { name: 'description', required: false, shape: 'text', description: 'Up to 4,000 characters' },
    {
      name: 'deliverable',
      required: false,
      shape: 'text',
      description: 'What will be delivered; empty: flagged not measurable',
    },
    {
      name: 'measure',
      required: false,
      shape: 'text',
      description: 'The measure or target; empty: flagged not measurable',
    },
    { name: 'accountableRole', required: true, shape: 'text', description: 'The accountable role' },
    {
      name: 'accountableUserId',
      required: false,
      shape: 'text',
      description: 'User id; empty means the importer',
    },
    {
      name: 'responsibilityIds',
      required: true,
      shape: 'list',
      description: 'Responsibility ids at the owner’s tier, `;`-separated',
    },
    { name: 'tags', required: false, shape: 'list', description: 'Tag ids, `;`-separated' },
    { name: 'dueDate', required: true, shape: 'text', description: 'YYYY-MM-DD' },
    { name: 'status', required: false, shape: 'text', description: 'An open status; default not_started' },
    { name: 'rag', required: false, shape: 'text', description: 'red, amber or green; default green' },
    {
      name: 'parentId',
      required: false,
      shape: 'text',
      description: 'A commitment at a higher tier, same region or national',
    },
    {
      name: 'signOffRequired',
      required: false,
      shape: 'boolean',
      description: 'true: completing it or an owner Green needs evidence and the parent unit’s sign-off',
    },
    {
      name: 'catalogueVersion',
      required: false,
      shape: 'text',
      description: 'Default: the current operating model',
    },
  ],
  actions: [
    {
      name: 'commitmentId',
      required: true,
      shape: 'text',
      target: true,
      description: 'The commitment the action is for',
    },
    { name: 'summary', required: true, shape: 'text', description: 'What was done' },
    {
      name: 'occurredAt',
      required: true,
      shape: 'text',
      description: 'YYYY-MM-DD or an ISO date-time; not in the future',
    },
    { name: 'progress', required: false, shape: 'integer', description: 'Percent complete after it, 0-100' },
    { name: 'status', required: false, shape: 'text', field: 'statusChange.to', description: 'A new status' },
    {
      name: 'statusReason',
      required: false,
      shape: 'text',
      field: 'statusChange.reason',
      description: 'Why (needed to reopen)',
    },
    {
      name: 'evidenceUrls',
      required: false,
      shape: 'links',
      field: 'evidence',
      description: 'http(s) links, or keys of files uploaded through POST /evidence, `;`-separated',
    },
    {
      name: 'recovery',
      required: false,
      shape: 'boolean',
      description: 'true: the recovery action of the open response to red',
    },
    {
      name: 'corrects',
      required: false,
      shape: 'text',
      description: 'Id of an earlier action this corrects',
    },
  ],
};

export interface RowError {
  row: number;
  /** The column at fault; empty when the row as a whole is (wrong number of fields). */
  column: string;
  message: string;
}

/** Checks the header row; returns the column order or what is wrong with it. */
export function readHeader(
  kind: ImportKind,
  fields: readonly string[],
): { ok: true; columns: ColumnSpec[] } | { ok: false; errors: RowError[] } {
  const specs = new Map(COLUMNS[kind].map((c) => [c.name, c]));
  const names = fields.map((f) => f.trim());
  const errors: RowError[] = [];
  names.forEach((name, i) => {
    if (!specs.has(name)) {
      errors.push({
        row: 1,
        column: name,
        message: `Unknown column; ${kind} columns are ${[...specs.keys()].join(', ')}`,
      });
    } else if (names.indexOf(name) !== i) {
      errors.push({ row: 1, column: name, message: 'Repeated column' });
    }
  });
  for (const spec of COLUMNS[kind]) {
    if (spec.required && !names.includes(spec.name)) {
      errors.push({ row: 1, column: spec.name, message: 'Required column is missing' });
    }
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, columns: names.map((n) => specs.get(n) as ColumnSpec) };
}

const BODY_SCHEMAS = { commitments: CreateCommitmentBody, actions: CreateActionBody } as const;

/** The JSON body a row stands for: empty cells are left out, lists split on `;`. */
function rowToBody(columns: readonly ColumnSpec[], fields: readonly string[]) {
  const body: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const raw = unguardCell((fields[i] ?? '').trim());
    if (raw === '' || column.target) return;
    let value: unknown = raw;
    if (column.shape === 'list' || column.shape === 'links') {
      const items = raw
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
      value =
        column.shape === 'links'
          ? items.map((item) => (item.startsWith('evidence/') ? { file: { key: item } } : { url: item }))
          : items;
    } else if (column.shape === 'integer') {
      value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    } else if (column.shape === 'boolean') {
      value = /^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : raw;
    }
    const path = (column.field ?? column.name).split('.');
    let target = body;
    for (const key of path.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = value;
  });
  return body;
}

/** The column a body path (`responsibilityIds.1`, `statusChange.reason`) came from. */
export function columnOf(kind: ImportKind, path: readonly PropertyKey[]): string {
  const dotted = path.map(String).join('.');
  const match = COLUMNS[kind].find((c) => {
    const field = c.field ?? c.name;
    return dotted === field || dotted.startsWith(`${field}.`);
  });
  return match?.name ?? String(path[0] ?? '');
}

export type RowInput<K extends ImportKind> = K extends 'commitments'
  ? CreateCommitmentInput
  : CreateActionInput;

/** Parses one data row into the same input the JSON API takes, or the row's errors by column. */
export function parseRow<K extends ImportKind>(
  kind: K,
  columns: readonly ColumnSpec[],
  record: { row: number; fields: readonly string[] },
): { ok: true; input: RowInput<K>; target: string } | { ok: false; errors: RowError[] } {
  if (record.fields.length !== columns.length) {
    return {
      ok: false,
      errors: [
        {
          row: record.row,
          column: '',
          message: `Has ${record.fields.length} fields; the header has ${columns.length}`,
        },
      ],
    };
  }
  const missingTargets: RowError[] = columns.flatMap((column, i) =>
    column.target && !(record.fields[i] ?? '').trim()
      ? [{ row: record.row, column: column.name, message: 'Required' }]
      : [],
  );
  const schema = BODY_SCHEMAS[kind] as z.ZodType;
  const result = schema.safeParse(rowToBody(columns, record.fields));
  if (result.success && !missingTargets.length) {
    return { ok: true, input: result.data as RowInput<K>, target: targetOf(columns, record.fields) };
  }
  const issues = result.success ? [] : result.error.issues;
  return {
    ok: false,
    errors: [
      ...missingTargets,
      ...issues.map((issue) => ({
        row: record.row,
        column: columnOf(kind, issue.path),
        message: issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : issue.message,
      })),
    ],
  };
}

/** The value of a row's target column (an action's commitment id); empty when the kind has none. */
function targetOf(columns: readonly ColumnSpec[], fields: readonly string[]): string {
  const i = columns.findIndex((c) => c.target);
  return i < 0 ? '' : unguardCell((fields[i] ?? '').trim());
}

/** A downloadable template: the header and one example row for the caller's unit. */
export function templateRows(kind: ImportKind, unitId: string): string[][] {
  const unit = ORG_UNITS_BY_ID.get(unitId);
  const model = OPERATING_MODELS.find((m) => m.version === catalogueVersionInForce());
  const responsibility = model
    ? responsibilitiesOf(model).find((r) => r.tier === (unit?.kind ?? 'region'))
    : undefined;
  const example: Record<string, string> =
    kind === 'commitments'
      ? {
          ownerUnitId: unitId,
          title: 'Publish the workforce plan',
          description: 'Agreed with partners; delete this example row before importing.',
          accountableRole: 'Head of Workforce Planning',
          responsibilityIds: responsibility?.id ?? '',
          tags: '',
          dueDate: `${new Date().getUTCFullYear() + 1}-03-31`,
          status: 'not_started',
          rag: 'green',
        }
      : {
          commitmentId: 'cmt-...',
          summary: 'Workshop held with ICS leads; delete this example row before importing.',
          occurredAt: new Date().toISOString().slice(0, 10),
          progress: '20',
          status: 'on_track',
          evidenceUrls: 'https://example.org/minutes',
        };
  const names = COLUMNS[kind].map((c) => c.name);
  return [names, names.map((n) => example[n] ?? '')];
}
