import { assertCanReadMeasures } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { ValidationError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { orgMap } from '../../shared/org/live-map';
import { xmrSvg } from '../../shared/spc/svg';
import { londonDate } from '../../shared/summaries/period';
import { EARLIEST_PERIOD_START, measureSeries } from '../../shared/summaries/summaries.service';
import { MeasuresQuery } from './measures.schemas';

/**
 * GET /measures: the tracker's measures for a scope as Making Data Count XmR charts, each week's (or
 * month's) value as at its end. JSON with every point's limits and signal, or one chart as SVG.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const query = parseRequestPart(MeasuresQuery, 'query', event.queryStringParameters);
  const today = londonDate(new Date());
  const through = query.through ?? today;
  if (through > today || through < EARLIEST_PERIOD_START)
    throw new ValidationError([
      {
        path: 'query.through',
        message: `Must be from ${EARLIEST_PERIOD_START} to today (${today})`,
        code: 'period_out_of_range',
      },
    ]);
  if (query.format === 'svg' && !query.measure)
    throw new ValidationError([{ path: 'query.measure', message: 'Name the measure to draw (format=svg)' }]);
  const scope =
    query.scope ??
    (identity.role === 'board' || identity.unitId === 'national' ? 'national' : identity.unitId);
  assertCanReadMeasures(identity, scope);
  const { charts, periods } = await measureSeries(config().TABLE_NAME, {
    scope,
    grain: query.grain,
    through,
  });
  const chosen = query.measure ? charts.filter((c) => c.measure === query.measure) : charts;
  if (query.format === 'svg') {
    const chart = chosen[0];
    const body = chart?.points.length
      ? xmrSvg(chart, `${chart.label}: ${orgMap().life(scope)?.name ?? scope}`)
      : `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="400" height="40"><title>No data</title><text x="8" y="24">No data for ${scope} in this series yet.</text></svg>`;
    return { statusCode: 200, headers: { 'content-type': 'image/svg+xml' }, body };
  }
  return json(200, {
    scope,
    scopeName: scope === 'national' ? 'National (all regions)' : (orgMap().life(scope)?.name ?? scope),
    grain: query.grain,
    from: periods[0]?.start,
    through: periods.at(-1)?.end,
    charts: chosen,
  });
});
