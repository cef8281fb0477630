import { type Commitment, isOverdue, notMeasurable } from '../commitments/commitment.model';
import { COLUMNS } from '../imports/columns';
import { csvLine } from './csv';

/**
 * The export's columns: the id, then the import's commitment columns (lists `;`-separated, as the
 * import reads them), then what the system keeps up to date.
 */
export const EXPORT_COLUMNS = [
  'id',
  ...COLUMNS.commitments.map((c) => c.name),
  'tier',
  'regionId',
  'progress',
  'overdue',
  'measurable',
  'ownerConfidence',
  'assurerConfidence',
  'responseToRed',
  'signOff',
  'acknowledgementLevel',
  'version',
  'actionCount',
  'lastActionAt',
  'completedAt',
  'createdAt',
  'createdBy',
  'updatedAt',
] as const;

export const exportHeader = () => csvLine([...EXPORT_COLUMNS]);

export function exportLine(c: Commitment, today: string): string {
  const values: Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | undefined> = {
    id: c.id,
    ownerUnitId: c.ownerUnitId,
    title: c.title,
    description: c.description,
    deliverable: c.deliverable,
    measure: c.measure,
    accountableRole: c.accountableRole,
    accountableUserId: c.accountableUserId,
    responsibilityIds: c.responsibilityIds.join(';'),
    tags: c.tags.join(';'),
    dueDate: c.dueDate,
    status: c.status,
    rag: c.rag,
    parentId: c.parentId,
    catalogueVersion: c.catalogueVersion,
    tier: c.tier,
    regionId: c.regionId,
    progress: c.progress,
    overdue: isOverdue(c, today),
    measurable: notMeasurable(c).length === 0,
    ownerConfidence: c.ownerConfidence?.rating,
    assurerConfidence: c.assurerConfidence?.rating,
    responseToRed: c.responseToRed ? (c.responseToRed.closedAt ? 'closed' : 'open') : undefined,
    signOffRequired: c.signOffRequired,
    signOff: c.signOff ? `${c.signOff.kind} ${c.signOff.state}` : undefined,
    acknowledgementLevel: c.acknowledgement?.dueDate === c.dueDate ? c.acknowledgement.level : undefined,
    version: c.version,
    actionCount: c.actionCount,
    lastActionAt: c.lastActionAt,
    completedAt: c.completedAt,
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    updatedAt: c.updatedAt,
  };
  return csvLine(EXPORT_COLUMNS.map((column) => values[column]));
}
