import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound webhook calls that cannot be turned against the network they run in (server-side request
 * forgery): the host's addresses are checked when the connection is made (so a DNS answer that changes
 * after the subscription was checked does not help), private, loopback, link-local, unique-local,
 * carrier-grade NAT, multicast and unspecified addresses are refused, and redirects are not followed
 * (a 3xx is a failed delivery). The local runtime allows loopback (WEBHOOKS_ALLOW_LOOPBACK), for its
 * own receivers and the tests; nothing else changes.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

const isLoopback = (address: string) => address === '::1' || address.startsWith('127.');
const loopbackAllowed = () => process.env.WEBHOOKS_ALLOW_LOOPBACK === 'true';

/** Whether an address may be called: public, or loopback where the local runtime allows it. */
export function allowedAddress(address: string): boolean {
  if (loopbackAllowed() && isLoopback(address)) return true;
  const family = isIP(address);
  if (!family) return false;
  return !BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export class RefusedAddressError extends Error {
  constructor(host: string) {
    super(`${host} resolves to an address webhooks may not call (private, loopback or link-local)`);
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** DNS lookup that refuses the connection if any address the host resolves to is not allowed. */
function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (!list.length || list.some((a) => !allowedAddress(a.address)))
      return callback(new RefusedAddressError(hostname) as NodeJS.ErrnoException, []);
    if ((options as { all?: boolean }).all) return callback(null, list);
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}

/** Checks a webhook URL when it is registered: https (http only to loopback locally), and an allowed host. */
export async function checkWebhookUrl(raw: string): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Must be an absolute URL';
  }
  const local = loopbackAllowed() && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'Must be an https URL';
  if (url.username || url.password) return 'Must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host))
    return allowedAddress(host) ? undefined : 'Must not be a private, loopback or link-local address';
  return new Promise((resolve) =>
    guardedLookup(host, {}, (error) =>
      resolve(
        error instanceof RefusedAddressError
          ? 'Must not resolve to a private, loopback or link-local address'
          : error
            ? `Cannot resolve ${host}`
            : undefined,
      ),
    ),
  );
}

export interface PostResult {
  status?: number;
  error?: string;
  ms: number;
}

/** POSTs a body; resolves with the status (a 3xx is not followed) or the error, never throws. */
export function safePost(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<PostResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ error: 'invalid URL', ms: 0 });
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !allowedAddress(host))
      return resolve({ error: new RefusedAddressError(host).message, ms: 0 });
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        lookup: guardedLookup as never,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message, ms: Date.now() - started }));
    req.end(body);
  });
}
