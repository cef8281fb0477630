import { describe, expect, it } from 'vitest';
import { type OrgChange, OrgChangeBody, OrgChangeError, OrgMap } from '../../shared/org/org-map';

const change = (body: Record<string, unknown>): OrgChange => OrgChangeBody.parse(body);
const MERGE = change({
  id: '2026-04-east-coast-merger',
  kind: 'merge',
  effectiveDate: '2026-04-01',
  description: 'Three ICBs merge under one board',
  from: ['ics-mid-and-south-essex', 'ics-suffolk-and-north-east-essex', 'ics-norfolk-and-waveney'],
  into: { id: 'ics-east-coast', name: 'East Coast' },
});
const MOVE = change({
  id: '2026-07-blmk-moves',
  kind: 'move',
  effectiveDate: '2026-07-01',
  description: 'BLMK joins the Midlands',
  unitId: 'ics-bedfordshire-luton-and-milton-keynes',
  toRegion: 'region-midlands',
});

describe('the org map over time', () => {
  const map = new OrgMap([MOVE, MERGE]);

  it('shows the map as it was on each date', () => {
    const q1 = map.at('2026-03-31');
    expect(q1.units).toHaveLength(50);
    expect(q1.byId.has('ics-norfolk-and-waveney')).toBe(true);
    expect(q1.byId.has('ics-east-coast')).toBe(false);
    const q2 = map.at('2026-04-01');
    expect(q2.units).toHaveLength(48);
    expect(q2.byId.get('ics-east-coast')).toMatchObject({ kind: 'ics', parentId: 'region-east-of-england' });
    expect(map.regionOn('ics-bedfordshire-luton-and-milton-keynes', '2026-06-30')).toBe(
      'region-east-of-england',
    );
    expect(map.regionOn('ics-bedfordshire-luton-and-milton-keynes', '2026-07-01')).toBe('region-midlands');
  });

  it('knows who holds a closed unit’s commitments on each date', () => {
    expect(map.holderOn('ics-norfolk-and-waveney', '2026-03-31')).toBe('ics-norfolk-and-waveney');
    expect(map.holderOn('ics-norfolk-and-waveney', '2026-04-01')).toBe('ics-east-coast');
    expect(map.holderOn('ics-east-coast', '2026-03-31')).toBeUndefined();
    expect(map.life('ics-norfolk-and-waveney')).toMatchObject({
      validTo: '2026-04-01',
      successors: ['ics-east-coast'],
      closedBy: '2026-04-east-coast-merger',
      successorAccess: false,
    });
    expect(map.changesBetween('2026-04-01', '2026-06-30').map((c) => c.id)).toEqual([
      '2026-04-east-coast-merger',
    ]);
  });

  it('follows a chain of changes and keeps earlier names', () => {
    const later = map
      .with(
        change({
          id: '2026-10-rename',
          kind: 'rename',
          effectiveDate: '2026-10-01',
          description: 'Renamed by the board',
          unitId: 'ics-east-coast',
          name: 'Norfolk, Suffolk and Essex',
        }),
      )
      .with(
        change({
          id: '2027-01-join',
          kind: 'merge',
          effectiveDate: '2027-01-01',
          description: 'Joins its neighbour',
          from: ['ics-east-coast'],
          into: { id: 'ics-cambridgeshire-and-peterborough' },
        }),
      );
    expect(later.at('2026-09-30').byId.get('ics-east-coast')?.name).toBe('East Coast');
    expect(later.at('2026-10-01').byId.get('ics-east-coast')?.name).toBe('Norfolk, Suffolk and Essex');
    expect(later.holderOn('ics-norfolk-and-waveney', '2027-01-01')).toBe(
      'ics-cambridgeshire-and-peterborough',
    );
  });

  it('splits a unit and closes one', () => {
    const split = map.with(
      change({
        id: '2026-08-split',
        kind: 'split',
        effectiveDate: '2026-08-01',
        description: 'Two places',
        unitId: 'ics-devon',
        into: [
          { id: 'ics-north-devon', name: 'North Devon' },
          { id: 'ics-south-devon', name: 'South Devon' },
        ],
        commitments: { 'cmt-1': 'ics-north-devon' },
      }),
    );
    expect(split.holderOn('ics-devon', '2026-08-01')).toBeUndefined();
    expect(split.life('ics-devon')?.successors).toEqual(['ics-north-devon', 'ics-south-devon']);
    expect(split.at('2026-08-01').byId.get('ics-south-devon')?.parentId).toBe('region-south-west');
    const closed = split.with(
      change({
        id: '2026-09-close',
        kind: 'close',
        effectiveDate: '2026-09-01',
        description: 'Closed',
        unitId: 'ics-north-devon',
        successor: 'ics-south-devon',
        successorAccess: true,
      }),
    );
    expect(closed.holderOn('ics-north-devon', '2026-09-02')).toBe('ics-south-devon');
    expect(closed.life('ics-north-devon')?.successorAccess).toBe(true);
  });

  it('refuses changes that cannot apply, naming the field', () => {
    const refuse = (body: Record<string, unknown>) => {
      try {
        map.with(change({ description: 'A change', effectiveDate: '2026-08-01', ...body }));
      } catch (error) {
        expect(error).toBeInstanceOf(OrgChangeError);
        return `${(error as OrgChangeError).field}: ${(error as Error).message}`;
      }
      throw new Error('accepted');
    };
    expect(refuse({ id: 'x-1', kind: 'rename', unitId: 'ics-norfolk-and-waveney', name: 'Gone' })).toMatch(
      /^unitId: ics-norfolk-and-waveney is not an org unit on 2026-08-01/,
    );
    expect(
      refuse({
        id: 'x-2',
        kind: 'merge',
        from: ['ics-devon', 'region-london'],
        into: { id: 'ics-x', name: 'New X' },
      }),
    ).toMatch(/^from.1: Merged units must all be ics/);
    expect(
      refuse({
        id: 'x-3',
        kind: 'merge',
        from: ['ics-devon'],
        into: { id: 'ics-east-coast', name: 'Again' },
      }),
    ).toMatch(/^into.id: ics-east-coast exists already/);
    expect(refuse({ id: 'x-4', kind: 'move', unitId: 'ics-devon', toRegion: 'region-south-west' })).toMatch(
      /^toRegion: ics-devon is in region-south-west already/,
    );
    expect(refuse({ id: 'x-5', kind: 'close', unitId: 'region-london' })).toMatch(/still has ICSs/);
    expect(
      refuse({ id: 'x-6', kind: 'rename', unitId: 'ics-devon', name: 'Devon', effectiveDate: '2026-05-01' }),
    ).toMatch(/^effectiveDate: Changes apply in date order/);
  });
});
