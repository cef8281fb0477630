import { httpHandler } from '../../shared/http/handler';
import { boardPage } from './board-page.html';

/** GET /board: the static board page (it calls the API with the token the user brings). */
export const handler = httpHandler().handler(async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'",
    'referrer-policy': 'no-referrer',
  },
  body: boardPage(),
}));
