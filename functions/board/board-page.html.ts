import { createHash } from 'node:crypto';
import { escapeHtml, nhsukCss } from '../../shared/ui/nhsuk';

const SCRIPT = "if (location.hash) history.replaceState(null, '', location.pathname);";
/** The page's one script, allowed by its hash (CSP `script-src 'sha256-...'`), nothing else. */
export const BOARD_SCRIPT_CSP = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

/**
 * Where the board page was: it took a bearer token in its URL fragment, which the workspace does not
 * allow (a token never travels in a URL). It now says where reports are read: the workspace's Reports
 * page, after signing in. An old bookmark's `#token=...` is wiped from the address bar and history.
 */
export const boardPage = (workspaceReports: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reports are in the workspace – Accountability tracker</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${nhsukCss()}</style></head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<h1 class="nhsuk-heading-xl">Reports are in the workspace</h1>
<p class="nhsuk-body">Governance reports and digests are read in the workspace, where you sign in with your work account. The board page no longer takes a token in its address.</p>
<p class="nhsuk-body"><a class="nhsuk-action-link__link nhsuk-link" href="${escapeHtml(workspaceReports)}">Open the reports in the workspace</a></p>
</main></div>
<script>${SCRIPT}</script>
</body></html>
`;
