import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import { withoutKeys } from '../db/table';
import type { ImportKind } from './columns';

/**
 * An import's record and its row marks share a partition:
 *
 * | item | pk | sk |
 * | import | IMPORT#<importId> | IMPORT |
 * | row mark (actions) | IMPORT#<importId> | ROW#<row:6> |
 */
export interface ImportRecord {
  id: string;
  kind: ImportKind;
  unitId: string;
  importedBy: string;
  status: 'writing' | 'completed';
  rows: number;
  written: number;
  skipped: number;
  startedAt: string;
  completedAt?: string;
}

const importKey = (id: string) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' });

export async function getImportRecord(tableName: string, id: string): Promise<ImportRecord | undefined> {
  const out = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: importKey(id), ConsistentRead: true }),
  );
  return out.Item ? withoutKeys<ImportRecord>(out.Item) : undefined;
}

export async function putImportRecord(tableName: string, record: ImportRecord): Promise<void> {
  await documentClient.send(
    new PutCommand({ TableName: tableName, Item: { ...importKey(record.id), type: 'Import', ...record } }),
  );
}

/** Written with the action a row made, only if absent: a re-run skips rows already appended. */
export function importRowMark(importId: string, row: number, commitmentId: string): Record<string, unknown> {
  return {
    pk: `IMPORT#${importId}`,
    sk: `ROW#${String(row).padStart(6, '0')}`,
    type: 'ImportRow',
    importId,
    row,
    commitmentId,
  };
}
