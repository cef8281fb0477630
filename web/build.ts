import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, buildSync } from 'esbuild';
import { REPORT_CSS } from '../shared/summaries/render';
import { nhsukCss } from '../shared/ui/nhsuk';
import type { AuthConfig } from './src/config';

/**
 * The workspace (issue #17): a single-page app on nhsuk-frontend, served under /app/ by the local
 * runtime and, in the cloud, from S3 behind CloudFront. It holds no secret: it signs people in with the
 * authorization code flow and PKCE and keeps their token in memory only.
 */
export const WEB_ROOT = import.meta.dirname;
export const APP_PATH = '/app';

/** What the app is told at load (config.json beside it): where the API and the sign-in endpoints are. */
export interface WebConfig extends AuthConfig {
  apiUrl: string;
}

const BUILD_OPTIONS: BuildOptions & { write: false } = {
  entryPoints: [join(WEB_ROOT, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
};

/** The built app: its files by name (app.js, app.css, index.html), for serving or uploading. */
export async function buildWorkspace(): Promise<Map<string, string>> {
  return workspaceFiles((await build(BUILD_OPTIONS)).outputFiles[0]?.text ?? '');
}

/** The same, synchronously: the CDK app (synth is synchronous) uploads these to S3. */
export function buildWorkspaceSync(): Map<string, string> {
  return workspaceFiles(buildSync(BUILD_OPTIONS).outputFiles[0]?.text ?? '');
}

function workspaceFiles(js: string): Map<string, string> {
  return new Map([
    ['app.js', js],
    ['app.css', `${nhsukCss()}\n${REPORT_CSS}\n${readFileSync(join(WEB_ROOT, 'app.css'), 'utf8')}`],
    ['index.html', readFileSync(join(WEB_ROOT, 'index.html'), 'utf8')],
  ]);
}

/**
 * The Content-Security-Policy the workspace is served with (locally and by CloudFront): its own
 * scripts and styles only, API and sign-in calls to the origins named, no framing.
 */
export function workspaceCsp(connect: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`.trim(),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}
