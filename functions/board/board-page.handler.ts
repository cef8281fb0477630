import { httpHandler } from '../../shared/http/handler';
import { BOARD_SCRIPT_CSP, boardPage } from './board-page.html';

/**
 * GET /board: points to the workspace's Reports page (WORKSPACE_URL in the cloud, set from the
 * workspace's callback URL; the same origin locally).
 */
export const handler = httpHandler().handler(async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    // The one inline script wipes an old bookmark's token from the address bar.
    'content-security-policy': `default-src 'none'; script-src ${BOARD_SCRIPT_CSP}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`,
    'referrer-policy': 'no-referrer',
  },
  body: boardPage(`${process.env.WORKSPACE_URL ?? '/app/'}reports`),
}));
