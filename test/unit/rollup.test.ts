import { describe, expect, it } from 'vitest';
import type { Commitment } from '../../shared/commitments/commitment.model';
import { type CommitmentTree, effective, rollupOf } from '../../shared/commitments/rollup';

const TODAY = '2026-11-23';
let n = 0;
function node(over: Partial<Commitment>, children: CommitmentTree[] = []): CommitmentTree {
  n++;
  return {
    commitment: {
      id: `cmt-${n}`,
      status: 'on_track',
      rag: 'green',
      progress: 0,
      dueDate: '2099-01-01',
      ...over,
    } as Commitment,
    children,
  };
}

describe('roll-up rule', () => {
  it('averages non-cancelled children and takes the worst RAG, recursively', () => {
    const region = node({ progress: 5 }, [
      node({ progress: 80 }),
      node({ progress: 30, rag: 'amber' }),
      node({ progress: 0, rag: 'red', status: 'cancelled' }),
    ]);
    const national = node({}, [region, node({ progress: 40 })]);
    expect(effective(region, TODAY)).toEqual({ progress: 55, rag: 'amber' });
    expect(rollupOf(national, TODAY)).toMatchObject({
      children: 2,
      descendants: 5,
      progress: 48,
      rag: 'amber',
    });
  });

  it('counts an overdue open child as red, a completed one as 100 and green', () => {
    const parent = node({}, [
      node({ progress: 10, dueDate: '2026-11-01' }),
      node({ progress: 20, status: 'completed', rag: 'red' }, [node({ progress: 0, rag: 'red' })]),
    ]);
    expect(rollupOf(parent, TODAY)).toMatchObject({ progress: 55, rag: 'red', overdueDescendants: 1 });
  });

  it('has no roll-up without children, and no figures when every child is cancelled', () => {
    expect(rollupOf(node({}), TODAY)).toBeUndefined();
    const allCancelled = node({ progress: 60 }, [node({ status: 'cancelled' })]);
    expect(rollupOf(allCancelled, TODAY)).toMatchObject({ children: 1, progress: null, rag: null });
    expect(effective(allCancelled, TODAY)).toEqual({ progress: 60, rag: 'green' });
  });
});
