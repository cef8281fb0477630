import { describe, expect, it } from 'vitest';
import { modelInForce, OPERATING_MODELS, responsibilitiesOf } from '../../shared/catalogue/catalogue';
import type { OperatingModelVersion } from '../../shared/catalogue/types';
import type { Commitment } from '../../shared/commitments/commitment.model';
import { parsePeriod } from '../../shared/summaries/period';
import { computeSummary } from '../../shared/summaries/summary.model';

/**
 * A later operating model with an effective date: it retires one responsibility, rewords another and
 * adds a third. Commitments keep the version they cite; coverage uses the catalogue in force on the
 * report's date.
 */
const V1 = OPERATING_MODELS[0] as OperatingModelVersion;
const V2: OperatingModelVersion = {
  ...V1,
  version: 'v2',
  effectiveFrom: '2027-04-01',
  published: '2027-03',
  cells: V1.cells.map((cell) =>
    cell.area === 'workforce-planning' && cell.tier === 'region'
      ? {
          ...cell,
          bullets: [
            ...cell.bullets
              .filter(([id]) => id !== 'REG-WP-3')
              .map(([id, text]) =>
                id === 'REG-WP-1' ? ([id, `${text} (reworded in v2)`] as const) : ([id, text] as const),
              ),
            ['REG-WP-9', 'Regional workforce plan assurance for merged ICBs'] as const,
          ],
        }
      : cell,
  ),
};
const MODELS = [V1, V2];

describe('catalogue versions with effective dates', () => {
  it('puts the version in force on each date', () => {
    expect(modelInForce('2027-03-31', MODELS).version).toBe('v1');
    expect(modelInForce('2027-04-01', MODELS).version).toBe('v2');
    expect(modelInForce('2020-01-01', MODELS).version).toBe('v1');
    expect(modelInForce('2026-11-25').version).toBe('v1');
  });

  it('counts coverage against the catalogue in force on the report date; commitments keep their version', () => {
    // London covers every regional responsibility of v1 but REG-WP-2 and REG-WP-3.
    const cited = responsibilitiesOf(V1)
      .filter((r) => r.tier === 'region' && r.id !== 'REG-WP-2' && r.id !== 'REG-WP-3')
      .map((r) => r.id);
    const commitment = {
      id: 'cmt-1',
      ownerUnitId: 'region-london',
      tier: 'region',
      regionId: 'region-london',
      catalogueVersion: 'v1',
      responsibilityIds: cited,
      status: 'on_track',
      rag: 'green',
      dueDate: '2027-12-31',
      title: 'Everything else',
    } as unknown as Commitment;
    const gaps = (period: string) => {
      const p = parsePeriod(period);
      return computeSummary({
        kind: 'digest',
        scope: 'region-london',
        period: p,
        asAt: `${p.end}T22:59:59.999Z`,
        commitments: [commitment],
        actions: [],
        responsibilities: responsibilitiesOf(modelInForce(p.end, MODELS)),
      })
        .coverageGaps.filter((g) => g.tier === 'region')
        .map((g) => g.responsibilityId)
        .sort();
    };
    // Under v1 the gaps are WP-2 and WP-3; under v2 WP-3 is retired and the new WP-9 is uncovered.
    expect(gaps('2027-Q1')).toEqual(['REG-WP-2', 'REG-WP-3']);
    expect(gaps('2027-Q2')).toEqual(['REG-WP-2', 'REG-WP-9']);
    expect(responsibilitiesOf(V2).find((r) => r.id === 'REG-WP-1')?.text).toMatch(/\(reworded in v2\)$/);
    expect(commitment.catalogueVersion).toBe('v1');
  });
});
