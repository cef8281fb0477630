import { identityOf } from '../../shared/auth/identity';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { config } from '../../shared/config';
import { EVIDENCE_PART } from '../../shared/evidence/evidence-part';
import { csvBody } from '../../shared/http/body';
import { httpHandler, json } from '../../shared/http/handler';
import { HttpProblemError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { runImport } from '../../shared/imports/importer';
import { MetricUnit, metrics } from '../../shared/observability/metrics';
import { ImportQuery } from './imports.schemas';

/**
 * POST /imports?kind=commitments|actions&dryRun=true|false with a text/csv body. A dry run answers
 * 200 with every row's errors; a real run writes all rows (201) or, if any row fails, none (422).
 * The same file again answers 200 `already-imported` and writes nothing.
 */
const withoutStatus = <T extends { status: unknown }>({ status: _status, ...rest }: T) => rest;

export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const query = parseRequestPart(ImportQuery, 'query', event.queryStringParameters);
  const text = csvBody(event);
  const report = await runImport(
    commitmentsService(EVIDENCE_PART),
    config().TABLE_NAME,
    identity,
    async function* () {
      yield text;
    },
    { kind: query.kind, dryRun: query.dryRun },
  );
  metrics.addMetric('ImportRowsWritten', MetricUnit.Count, report.written);
  if (report.status === 'invalid' && !query.dryRun) {
    throw new HttpProblemError(
      422,
      'import-invalid',
      'Import rejected',
      `${report.errorCount} error(s) in ${report.rows} row(s); nothing was written. Fix them and send the file again (?dryRun=true checks without writing).`,
      {
        ...withoutStatus(report),
        importStatus: report.status,
        errors: report.errors.map((e) => ({
          path: `body.rows.${e.row}${e.column ? `.${e.column}` : ''}`,
          ...e,
        })),
      },
    );
  }
  return json(report.status === 'imported' ? 201 : 200, report);
});
