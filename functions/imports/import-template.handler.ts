import { identityOf } from '../../shared/auth/identity';
import { csvLine } from '../../shared/csv/csv';
import { httpHandler } from '../../shared/http/handler';
import { parseRequestPart } from '../../shared/http/validation';
import { templateRows } from '../../shared/imports/columns';
import { TemplateQuery } from './imports.schemas';

/** GET /imports/template?kind=commitments|actions: the columns and one example row, as CSV. */
export const handler = httpHandler().handler(async (event) => {
  const identity = identityOf(event);
  const { kind } = parseRequestPart(TemplateQuery, 'query', event.queryStringParameters);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-template.csv"`,
    },
    body: templateRows(kind, identity.unitId).map(csvLine).join(''),
  };
});
