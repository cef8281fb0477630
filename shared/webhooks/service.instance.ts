import { config } from '../config';
import type { HttpEvent } from '../http/handler';
import { type WebhookParts, WebhooksService } from './webhooks.service';

/**
 * The service for a request: links in CloudEvents (`dataschema`) name the API the request came to. A
 * handler that drains queues or makes Teams cards passes the parts it needs (WebhookParts).
 */
export function webhooksService(event?: HttpEvent, parts: WebhookParts = {}): WebhooksService {
  const host = event?.headers?.host;
  const proto = event?.headers?.['x-forwarded-proto'] ?? (host?.startsWith('localhost') ? 'http' : 'https');
  const apiUrl = process.env.PUBLIC_API_URL ?? (host ? `${proto}://${host}` : '');
  return new WebhooksService(config().TABLE_NAME, apiUrl, () => new Date(), parts);
}
