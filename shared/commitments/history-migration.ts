import { allRegionPartitions } from '../org/live-map';
import { regionCommitments } from './commitment.repository';
import { baselineVersion } from './commitments.service';

export interface MigrationReport {
  commitments: number;
  migrated: number;
}

/**
 * The one-off migration to version history: every commitment from before version records existed
 * gets a baseline version (its state then, recorded as `migrated`), in the same transaction as its new
 * history head. Reads the region index a partition at a time (no scan); safe to run again, and while
 * the API is serving (a commitment changed meanwhile gets its baseline from the change itself).
 */
export async function migrateHistory(
  tableName: string,
  options: { now?: () => Date; onProgress?: (report: MigrationReport, partition: string) => void } = {},
): Promise<MigrationReport> {
  const now = options.now ?? (() => new Date());
  const report: MigrationReport = { commitments: 0, migrated: 0 };
  const partitions = allRegionPartitions();
  for (const regionId of partitions) {
    for (const commitment of await regionCommitments(tableName, regionId)) {
      report.commitments++;
      if (!commitment.versionHash && (await baselineVersion(tableName, commitment, now()))) report.migrated++;
    }
    options.onProgress?.({ ...report }, regionId);
  }
  return report;
}
