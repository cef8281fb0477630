import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ResumeKey } from './cursor';
import { queryPage } from './query-page';

/** Where each partition's query stands: not started, resume after a key, or exhausted. */
export type PartState = { at: 'start' } | { at: 'after'; key: ResumeKey } | { at: 'done' };

export interface MergedPage<T> {
  items: T[];
  /** undefined when every partition is exhausted. */
  state?: PartState[];
}

/**
 * One sorted page across several partitions of an index (e.g. every region's commitments by due
 * date): reads up to `limit` from each, merges by the index sort key, and remembers per partition
 * exactly where the page stopped, so the next page neither skips nor repeats an item.
 */
export async function mergedQueryPage<T>(
  queries: ReadonlyArray<Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>>,
  keyAttributes: readonly string[],
  sortAttribute: string,
  limit: number,
  state: readonly PartState[] | undefined,
  fromItem: (item: Record<string, unknown>) => T,
): Promise<MergedPage<T>> {
  const states = state ?? queries.map((): PartState => ({ at: 'start' }));
  const fetched = await Promise.all(
    queries.map(async (query, i) => {
      const s = states[i] ?? { at: 'done' };
      if (s.at === 'done') return { raw: [] as Record<string, unknown>[], resumeKey: undefined };
      const page = await queryPage(query, limit, s.at === 'after' ? s.key : undefined, (item) => item);
      return { raw: page.items, resumeKey: page.resumeKey };
    }),
  );
  const cursors = fetched.map(() => 0);
  const merged: T[] = [];
  while (merged.length < limit) {
    let best = -1;
    for (let i = 0; i < fetched.length; i++) {
      const head = fetched[i]?.raw[cursors[i] ?? 0];
      if (!head) continue;
      const bestHead = best >= 0 ? fetched[best]?.raw[cursors[best] ?? 0] : undefined;
      if (!bestHead || String(head[sortAttribute]) < String(bestHead[sortAttribute])) best = i;
    }
    if (best < 0) break;
    const item = fetched[best]?.raw[cursors[best] ?? 0] as Record<string, unknown>;
    merged.push(fromItem(item));
    cursors[best] = (cursors[best] ?? 0) + 1;
  }
  const next: PartState[] = fetched.map((f, i) => {
    const consumed = cursors[i] ?? 0;
    const previous = states[i] ?? { at: 'done' };
    if (previous.at === 'done') return previous;
    if (consumed === f.raw.length) return f.resumeKey ? { at: 'after', key: f.resumeKey } : { at: 'done' };
    if (consumed === 0) return previous;
    const last = f.raw[consumed - 1] as Record<string, unknown>;
    return { at: 'after', key: Object.fromEntries(keyAttributes.map((k) => [k, last[k]])) };
  });
  return next.every((s) => s.at === 'done') ? { items: merged } : { items: merged, state: next };
}
