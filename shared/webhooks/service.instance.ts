import { config } from '../config';
import type { HttpEvent } from '../http/handler';
import { WebhooksService } from './webhooks.service';

/** The service for a request: links in CloudEvents (`dataschema`) name the API the request came to. */
export function webhooksService(event?: HttpEvent): WebhooksService {
  const host = event?.headers?.host;
  const proto = event?.headers?.['x-forwarded-proto'] ?? (host?.startsWith('localhost') ? 'http' : 'https');
  const apiUrl = process.env.PUBLIC_API_URL ?? (host ? `${proto}://${host}` : '');
  return new WebhooksService(config().TABLE_NAME, apiUrl);
}
