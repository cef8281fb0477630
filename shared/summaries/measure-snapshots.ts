import { createHash } from 'node:crypto';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../db/client';
import type { OrgMap } from '../org/org-map';
import { type Grain, MEASURES_VERSION, type MeasureId } from '../spc/measures';

/**
 * One ended period's measure values for a scope. A period's values never change once it has ended:
 * they are computed as at its end from the version history and from actions by the time they were
 * logged, neither of which is ever rewritten. So a series reads the values it has already worked out
 * instead of a year of actions, and computes only periods it has not seen. The key names the org map
 * the values were placed with (a change recorded later gives a different map, so new values) and the
 * measures' definition version.
 */
export interface MeasureSnapshot {
  /** Nothing recorded in scope by its end and nothing logged in it: the series has not started. */
  empty: boolean;
  values: Record<MeasureId, number | null>;
}

const BATCH = 100;
const snapshotKey = (scope: string, grain: Grain, label: string, fingerprint: string) => ({
  pk: `MEASURES#${scope}`,
  sk: `${grain}#${label}#${fingerprint}`,
});

/** What a map's changes make of the placement of commitments, with the measures' version: part of the key. */
export const mapFingerprint = (map: OrgMap) =>
  createHash('sha256')
    .update(JSON.stringify({ measures: MEASURES_VERSION, changes: map.changes }))
    .digest('hex')
    .slice(0, 16);

export async function getSnapshots(
  tableName: string,
  scope: string,
  grain: Grain,
  labels: readonly string[],
  fingerprint: string,
): Promise<Map<string, MeasureSnapshot>> {
  const found = new Map<string, MeasureSnapshot>();
  for (let i = 0; i < labels.length; i += BATCH) {
    let keys: Array<Record<string, unknown>> = labels
      .slice(i, i + BATCH)
      .map((label) => snapshotKey(scope, grain, label, fingerprint));
    while (keys.length) {
      const out = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[tableName] ?? [])
        found.set(item.label as string, {
          empty: item.empty as boolean,
          values: item.values as MeasureSnapshot['values'],
        });
      keys = (out.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return found;
}

export async function putSnapshots(
  tableName: string,
  scope: string,
  grain: Grain,
  fingerprint: string,
  snapshots: ReadonlyArray<{ label: string } & MeasureSnapshot>,
): Promise<void> {
  for (let i = 0; i < snapshots.length; i += 16)
    await Promise.all(
      snapshots.slice(i, i + 16).map((s) =>
        documentClient.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...snapshotKey(scope, grain, s.label, fingerprint),
              type: 'MeasureSnapshot',
              scope,
              grain,
              label: s.label,
              empty: s.empty,
              values: s.values,
            },
          }),
        ),
      ),
    );
}
