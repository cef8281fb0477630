import { identityOf } from '../../shared/auth/identity';
import { todayUtc } from '../../shared/commitments/commitment.model';
import { ExportCommitmentsQuery } from '../../shared/commitments/commitments.schemas';
import { commitmentsService } from '../../shared/commitments/service.instance';
import { exportHeader, exportLine } from '../../shared/csv/commitments-csv';
import type { PartState } from '../../shared/db/merge-pages';
import { httpHandler } from '../../shared/http/handler';
import { nextCursor, resumeFrom } from '../../shared/http/pagination';
import { parseRequestPart } from '../../shared/http/validation';

/** Kept under Lambda's 6 MB response limit; a larger export continues from the `Link` header. */
export const MAX_EXPORT_BYTES = 5 * 1024 * 1024;
const PAGE = 100;

/**
 * GET /commitments/export: every commitment `GET /commitments` would list with the same filters, as
 * one CSV file. Past 5 MB it stops at a page boundary and sends `Link: <...>; rel="next"`.
 */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const params = event.queryStringParameters ?? {};
  const { cursor, ...filters } = parseRequestPart(ExportCommitmentsQuery, 'query', params);
  const scope = { ...filters, as: identity.unitId, role: identity.role, export: true };
  let state = ((await resumeFrom(cursor, scope)) as { parts: PartState[] } | undefined)?.parts;
  const today = todayUtc();
  const lines = [exportHeader()];
  let bytes = lines[0]?.length ?? 0;
  let rows = 0;
  do {
    const page = await commitmentsService().list(identity, { ...filters, limit: PAGE }, state);
    for (const commitment of page.items) {
      const line = exportLine(commitment, today);
      lines.push(line);
      bytes += Buffer.byteLength(line, 'utf8');
      rows++;
    }
    state = page.state;
  } while (state && bytes < MAX_EXPORT_BYTES);
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="commitments.csv"',
    'x-row-count': String(rows),
  };
  if (state) {
    const query = new URLSearchParams({ ...params, cursor: await nextCursor({ parts: state }, scope) });
    headers.link = `</commitments/export?${query}>; rel="next"`;
  }
  return { statusCode: 200, headers, body: lines.join('') };
});
