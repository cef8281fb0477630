import { type Commitment, isOverdue, type Rag, STATUSES, type Status } from './commitment.model';

/** A commitment with its children (and theirs): at most three levels, national > region > ICS. */
export interface CommitmentTree {
  commitment: Commitment;
  children: CommitmentTree[];
}

export interface Rollup {
  /** Direct children, cancelled ones included. */
  children: number;
  /** Children, grandchildren and so on. */
  descendants: number;
  /** Descendants that are open and past their due date. */
  overdueDescendants: number;
  /** Direct children by status. */
  childrenByStatus: Record<Status, number>;
  /** Mean of the non-cancelled children's rolled-up progress; null when every child is cancelled. */
  progress: number | null;
  /** Worst of the non-cancelled children's rolled-up RAG; null when every child is cancelled. */
  rag: Rag | null;
}

const RAG_ORDER: Record<Rag, number> = { green: 0, amber: 1, red: 2 };
const worst = (rags: readonly Rag[]): Rag =>
  rags.reduce<Rag>((w, r) => (RAG_ORDER[r] > RAG_ORDER[w] ? r : w), 'green');

/**
 * The roll-up rule (docs/api.md, "Roll-ups"), applied bottom-up:
 * - a completed commitment counts as 100% and green, whatever its children say (it is delivered);
 * - otherwise its own RAG counts as red while it is overdue;
 * - its rolled-up progress is the mean (rounded) of its non-cancelled children's rolled-up progress,
 *   or its own progress when it has none;
 * - its rolled-up RAG is the worst of its own RAG and its non-cancelled children's rolled-up RAGs;
 * - cancelled children are counted but take no part in progress or RAG.
 */
export function effective(tree: CommitmentTree, today: string): { progress: number; rag: Rag } {
  const c = tree.commitment;
  if (c.status === 'completed') return { progress: 100, rag: 'green' };
  const own: Rag = isOverdue(c, today) ? 'red' : c.rag;
  const active = tree.children.filter((child) => child.commitment.status !== 'cancelled');
  const childValues = active.map((child) => effective(child, today));
  const progress = childValues.length
    ? Math.round(childValues.reduce((sum, v) => sum + v.progress, 0) / childValues.length)
    : c.progress;
  return { progress, rag: worst([own, ...childValues.map((v) => v.rag)]) };
}

/** What a parent shows about its children; undefined for a commitment without children. */
export function rollupOf(tree: CommitmentTree, today: string): Rollup | undefined {
  if (tree.children.length === 0) return undefined;
  const active = tree.children.filter((child) => child.commitment.status !== 'cancelled');
  const values = active.map((child) => effective(child, today));
  const descendants = (t: CommitmentTree): Commitment[] =>
    t.children.flatMap((child) => [child.commitment, ...descendants(child)]);
  const all = descendants(tree);
  const childrenByStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const child of tree.children) childrenByStatus[child.commitment.status]++;
  return {
    children: tree.children.length,
    descendants: all.length,
    overdueDescendants: all.filter((c) => isOverdue(c, today)).length,
    childrenByStatus,
    progress: values.length
      ? Math.round(values.reduce((sum, v) => sum + v.progress, 0) / values.length)
      : null,
    rag: values.length ? worst(values.map((v) => v.rag)) : null,
  };
}
