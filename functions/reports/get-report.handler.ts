import { canReadReport } from '../../shared/auth/access';
import { identityOf } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { httpHandler, json } from '../../shared/http/handler';
import { HttpProblemError, NotFoundError } from '../../shared/http/problem';
import { parseRequestPart } from '../../shared/http/validation';
import { CONTENT_TYPES, FORMATS, type Format } from '../../shared/summaries/render';
import { reportStore } from '../../shared/summaries/report-store';
import { latestRevision } from '../../shared/summaries/summaries.service';
import { getSummaryJob, getSummaryRecord } from '../../shared/summaries/summary.repository';
import { GetReportQuery, ReportPath } from './reports.schemas';

const ACCEPT: Array<[RegExp, Format]> = [
  [/text\/html/, 'html'],
  [/text\/csv/, 'csv'],
  [/text\/markdown/, 'md'],
  [/application\/json/, 'json'],
];

/**
 * GET /reports/{id}?format=html|csv|json|md (or by Accept; JSON by default). `X-Summary-Status` says
 * draft, final or legacy; a corrected final links to its newest revision (`Link: rel="latest-version"`).
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { id } = parseRequestPart(ReportPath, 'path', event.pathParameters);
  const query = parseRequestPart(GetReportQuery, 'query', event.queryStringParameters);
  const record = await getSummaryRecord(config().TABLE_NAME, id);
  if (!record) {
    // Asked for asynchronously and not made yet: 202 while queued; why, if it failed.
    const job = await getSummaryJob(config().TABLE_NAME, id);
    if (!job || !canReadReport(identity, job.scope)) throw new NotFoundError(`No summary ${id}.`);
    if (job.status === 'failed')
      throw new HttpProblemError(
        500,
        'report-generation-failed',
        'Report generation failed',
        `Making ${id} failed (${job.detail ?? 'unknown'}); ask for it again (POST /reports).`,
      );
    const { id: _id, kind, scope, period, status, requestedAt } = job;
    return json(
      202,
      { id, kind, scope, period, status, requestedAt },
      { 'retry-after': '5', 'cache-control': 'no-store' },
    );
  }
  // A summary of a scope the caller may not read is answered as one that does not exist.
  if (!canReadReport(identity, record.scope)) throw new NotFoundError(`No summary ${id}.`);
  const accept = event.headers?.accept ?? '';
  const format: Format = query.format ?? ACCEPT.find(([pattern]) => pattern.test(accept))?.[1] ?? 'json';
  const body = await reportStore().get(id, format);
  if (body === undefined)
    throw new NotFoundError(`Summary ${id} has no ${format} rendering (formats: ${FORMATS.join(', ')}).`);
  // A final corrected since points at its newest revision (RFC 5829 link relation).
  const latest = record.status === 'final' ? await latestRevision(config().TABLE_NAME, record) : record;
  return {
    statusCode: 200,
    headers: {
      'content-type': CONTENT_TYPES[format],
      'cache-control': 'private, max-age=300',
      'x-summary-status': record.status ?? 'legacy',
      ...(latest.id !== record.id ? { link: `</reports/${latest.id}>; rel="latest-version"` } : {}),
    },
    body,
  };
});
