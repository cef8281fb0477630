import { createHash } from 'node:crypto';
import type { Identity } from '../auth/identity';
import type { Commitment } from '../commitments/commitment.model';
import { insertCommitmentsIfAbsent } from '../commitments/commitment.repository';
import type { CommitmentDraft, CommitmentsService } from '../commitments/commitments.service';
import { type CsvRecord, CsvSyntaxError, parseCsv } from '../csv/csv';
import { type FieldError, HttpProblemError } from '../http/problem';
import { uuidFromSeed } from '../ids';
import { type ColumnSpec, columnOf, type ImportKind, parseRow, type RowError, readHeader } from './columns';
import { getImportRecord, type ImportRecord, importRowMark, putImportRecord } from './import.repository';

/** Where the file comes from: called once per pass, so a file on disk is streamed, never held whole. */
export type ImportSource = () => AsyncIterable<string | Uint8Array>;

export interface ImportProgress {
  phase: 'validating' | 'writing';
  rows: number;
  errors: number;
  written: number;
}

export interface ImportOptions {
  kind: ImportKind;
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Largest file accepted, in data rows. */
  maxRows?: number;
}

export interface ImportReport {
  /** Same file (bytes), kind and importing unit: same id. */
  importId: string;
  kind: ImportKind;
  dryRun: boolean;
  /**
   * `valid`: a dry run found no errors. `invalid`: errors, nothing written. `imported`: every row
   * written. `already-imported`: this file was imported before; nothing written.
   */
  status: 'valid' | 'invalid' | 'imported' | 'already-imported';
  rows: number;
  /** Every error found; `errors` lists the first MAX_LISTED_ERRORS of them. */
  errorCount: number;
  errors: RowError[];
  /** How many errors each column had (all of them, listed or not; '' for whole-row errors). */
  errorsByColumn: Record<string, number>;
  written: number;
  /** Rows found already written (a re-run after an interrupted import). */
  skipped: number;
}

export const DEFAULT_MAX_ROWS = 50_000;
/**
 * Errors listed in a report; the rest are counted. A file of 49,000 bad rows once gave a 10.8 MB
 * response, past Lambda's 6 MB limit.
 */
export const MAX_LISTED_ERRORS = 1_000;
const PROGRESS_EVERY = 500;
/** Commitments per insert transaction (each is 1 item plus ≤ 10 responsibility links). */
const COMMITMENTS_PER_TRANSACTION = 8;
const TRANSACTIONS_IN_FLIGHT = 4;

/**
 * Imports a CSV file of commitments or actions: all rows or none. Pass 1 hashes the file (its id);
 * pass 2 checks every row by the same rules as the JSON API, holding only per-commitment state; only
 * if no row fails does pass 3 write. Each row's write is idempotent (a commitment's id is derived from
 * the file and row; an action is written with a once-only row mark), so re-running a file, or
 * finishing one a crash interrupted, never writes a row twice.
 */
export async function runImport(
  service: CommitmentsService,
  tableName: string,
  identity: Identity,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const importId = await hashFile(source, options.kind, identity.unitId);
  const base = { importId, kind: options.kind, dryRun: options.dryRun };
  const previous = await getImportRecord(tableName, importId);
  if (previous?.status === 'completed') {
    return {
      ...base,
      status: 'already-imported',
      rows: previous.rows,
      errorCount: 0,
      errors: [],
      errorsByColumn: {},
      written: 0,
      skipped: 0,
    };
  }

  const progress: ImportProgress = { phase: 'validating', rows: 0, errors: 0, written: 0 };
  const errors = errorTally();
  const validator =
    options.kind === 'commitments'
      ? commitmentRowValidator(service, identity)
      : actionRowValidator(service, identity, await readTargets(service, identity, source, options));
  const rows = await eachRow(source, options, errors, async (row, columns) => {
    errors.push(...(await validator(row, columns)));
    progress.rows++;
    progress.errors = errors.count;
    if (progress.rows % PROGRESS_EVERY === 0) options.onProgress?.(progress);
  });
  options.onProgress?.({ ...progress, rows });
  const report = {
    ...base,
    rows,
    errorCount: errors.count,
    errors: errors.listed,
    errorsByColumn: errors.byColumn,
    written: 0,
    skipped: 0,
  };
  if (errors.count) return { ...report, status: 'invalid' };
  if (options.dryRun) return { ...report, status: 'valid' };

  const startedAt = new Date().toISOString();
  const record: ImportRecord = {
    id: importId,
    kind: options.kind,
    unitId: identity.unitId,
    importedBy: identity.userId,
    status: 'writing',
    rows,
    written: 0,
    skipped: 0,
    startedAt,
  };
  await putImportRecord(tableName, record);
  const writer =
    options.kind === 'commitments'
      ? commitmentRowWriter(service, tableName, identity, importId)
      : actionRowWriter(service, identity, importId);
  progress.phase = 'writing';
  let reported = 0;
  try {
    await eachRow(source, options, errorTally(), async (row, columns) => {
      await writer.write(row, columns);
      progress.written = writer.counts.written + writer.counts.skipped;
      // Writes finish in batches, so report each time another PROGRESS_EVERY rows are done.
      if (progress.written - reported >= PROGRESS_EVERY) {
        reported = progress.written;
        options.onProgress?.(progress);
      }
    });
    await writer.flush();
  } finally {
    // On a failure too: no write may still be landing after the caller has been told the outcome.
    await writer.settle();
  }
  progress.written = writer.counts.written + writer.counts.skipped;
  options.onProgress?.(progress);
  await putImportRecord(tableName, {
    ...record,
    status: 'completed',
    written: writer.counts.written,
    skipped: writer.counts.skipped,
    completedAt: new Date().toISOString(),
  });
  return { ...report, status: 'imported', written: writer.counts.written, skipped: writer.counts.skipped };
}

async function hashFile(source: ImportSource, kind: ImportKind, unitId: string): Promise<string> {
  const hash = createHash('sha256').update(`${kind}\n${unitId}\n`);
  for await (const chunk of source()) hash.update(chunk);
  return hash.digest('hex').slice(0, 32);
}

/** Collects row errors: the first MAX_LISTED_ERRORS kept, all counted, in total and by column. */
function errorTally() {
  const tally = {
    listed: [] as RowError[],
    count: 0,
    byColumn: {} as Record<string, number>,
    push(...found: RowError[]) {
      for (const e of found) {
        tally.count++;
        tally.byColumn[e.column] = (tally.byColumn[e.column] ?? 0) + 1;
        if (tally.listed.length < MAX_LISTED_ERRORS) tally.listed.push(e);
      }
      return tally.count;
    },
  };
  return tally;
}

/** Streams the data rows (after a valid header) to `visit`; header and syntax errors go to `errors`. */
async function eachRow(
  source: ImportSource,
  options: ImportOptions,
  errors: { push(...found: RowError[]): number; count: number },
  visit: (record: CsvRecord, columns: ColumnSpec[]) => Promise<void>,
): Promise<number> {
  let columns: ColumnSpec[] | undefined;
  let rows = 0;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  try {
    for await (const record of parseCsv(source())) {
      if (!columns) {
        const header = readHeader(options.kind, record.fields);
        if (!header.ok) {
          errors.push(...header.errors);
          return 0;
        }
        columns = header.columns;
        continue;
      }
      rows++;
      if (rows > maxRows) {
        errors.push({
          row: record.row,
          column: '',
          message: `A file may hold at most ${maxRows} rows; split it`,
        });
        return rows;
      }
      await visit(record, columns);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    errors.push({ row: error.row, column: '', message: error.message });
  }
  if (!columns) errors.push({ row: 1, column: '', message: 'The file is empty: it needs a header row' });
  else if (rows === 0 && errors.count === 0)
    errors.push({ row: 2, column: '', message: 'The file has no data rows' });
  return rows;
}

/** Turns what the service threw for one row into that row's errors, by column. */
function rowErrorsOf(kind: ImportKind, row: number, error: unknown, column: string): RowError[] {
  if (!(error instanceof HttpProblemError)) throw error;
  const fields = error.extensions.errors as FieldError[] | undefined;
  if (fields?.length) {
    return fields.map((f) => ({
      row,
      column: columnOf(kind, f.path.split('.').slice(1)),
      message: f.message,
    }));
  }
  return [{ row, column, message: error.detail ?? error.title }];
}

function commitmentRowValidator(service: CommitmentsService, identity: Identity) {
  const parents = new Map<string, Commitment | undefined>();
  return async (record: CsvRecord, columns: ColumnSpec[]): Promise<RowError[]> => {
    const parsed = parseRow('commitments', columns, record);
    if (!parsed.ok) return parsed.errors;
    try {
      await service.draft(identity, parsed.input, { id: `row-${record.row}`, field: 'row', parents });
      return [];
    } catch (error) {
      return rowErrorsOf('commitments', record.row, error, 'ownerUnitId');
    }
  };
}

/**
 * Reads, ahead of the check, every commitment an actions file names: one streamed pass collects the
 * distinct ids, then they are fetched 100 at a time (BatchGetItem) instead of one GetItem each in turn.
 * One the caller may not read is an error like a missing one.
 */
async function readTargets(
  service: CommitmentsService,
  identity: Identity,
  source: ImportSource,
  options: ImportOptions,
): Promise<Map<string, Commitment | Error>> {
  const ids = new Set<string>();
  await eachRow(source, options, errorTally(), async (record, columns) => {
    const parsed = parseRow('actions', columns, record);
    if (parsed.ok) ids.add(parsed.target);
  });
  return service.getMany(identity, [...ids]);
}

/**
 * Actions are checked in file order against the state the earlier rows leave: a row may complete a
 * commitment and a later one (with a reason) reopen it. Only each commitment's state is kept.
 */
function actionRowValidator(
  service: CommitmentsService,
  identity: Identity,
  commitments: Map<string, Commitment | Error>,
) {
  return async (record: CsvRecord, columns: ColumnSpec[]): Promise<RowError[]> => {
    const parsed = parseRow('actions', columns, record);
    if (!parsed.ok) return parsed.errors;
    const { input, target: commitmentId } = parsed;
    // Every id a parsed row names was read ahead (readTargets).
    const current = commitments.get(commitmentId) as Commitment | Error;
    if (current instanceof Error) return rowErrorsOf('actions', record.row, current, 'commitmentId');
    // Every rule the row breaks, not only the first (the API reports the first).
    const problems = service.actionProblems(identity, current, input);
    if (problems.length)
      return problems.flatMap((problem) => rowErrorsOf('actions', record.row, problem, 'commitmentId'));
    const plan = service.planAction(identity, current, input);
    commitments.set(commitmentId, {
      ...current,
      actionCount: current.actionCount + 1,
      ...(plan.statusChange ? { status: plan.statusChange.to } : {}),
    });
    return [];
  };
}

interface RowWriter {
  write(record: CsvRecord, columns: ColumnSpec[]): Promise<void>;
  /** Writes what is buffered and waits for it; throws the first write failure. */
  flush(): Promise<void>;
  /** Waits for every write in flight, whatever happened. */
  settle(): Promise<void>;
  counts: { written: number; skipped: number };
}

/** A commitment's id from the import and row: the same row of the same file is the same commitment. */
export const importedCommitmentId = (importId: string, row: number) =>
  `cmt-${uuidFromSeed(`${importId}#${row}`)}`;

function commitmentRowWriter(
  service: CommitmentsService,
  tableName: string,
  identity: Identity,
  importId: string,
): RowWriter {
  const counts = { written: 0, skipped: 0 };
  const parents = new Map<string, Commitment | undefined>();
  let batch: CommitmentDraft[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const send = async (drafts: CommitmentDraft[]) => {
    const task = insertCommitmentsIfAbsent(tableName, drafts)
      .then((r) => {
        counts.written += r.written;
        counts.skipped += r.skipped;
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= TRANSACTIONS_IN_FLIGHT) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  return {
    counts,
    async write(record, columns) {
      const parsed = parseRow('commitments', columns, record);
      if (!parsed.ok) throw new Error(`Row ${record.row} changed between checking and writing`);
      batch.push(
        await service.draft(identity, parsed.input, {
          id: importedCommitmentId(importId, record.row),
          field: 'row',
          parents,
          change: 'imported',
        }),
      );
      if (batch.length >= COMMITMENTS_PER_TRANSACTION) {
        const full = batch;
        batch = [];
        await send(full);
      }
    },
    async flush() {
      if (batch.length) await send(batch);
      await Promise.all(inFlight);
      if (failure) throw failure;
    },
    async settle() {
      // The tasks never reject (a failure is kept in `failure`), so this waits for all of them.
      await Promise.all(inFlight);
    },
  };
}

function actionRowWriter(service: CommitmentsService, identity: Identity, importId: string): RowWriter {
  const counts = { written: 0, skipped: 0 };
  return {
    counts,
    async write(record, columns) {
      const parsed = parseRow('actions', columns, record);
      if (!parsed.ok) throw new Error(`Row ${record.row} changed between checking and writing`);
      const outcome = await service.appendAction(identity, parsed.target, parsed.input, {
        importMark: importRowMark(importId, record.row, parsed.target),
      });
      if (outcome === 'already-imported') counts.skipped++;
      else counts.written++;
    },
    async flush() {},
    async settle() {},
  };
}
