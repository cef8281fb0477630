import { nhsukCss } from '../../shared/ui/nhsuk';

/**
 * The board page: one self-contained HTML document in the NHS design system (nhsuk-frontend's CSS
 * inline, inline script, no external assets). It takes a bearer token from the URL fragment
 * (`/board#token=...`, never sent to the server), lists the summaries the token may read, and opens
 * one in a sandboxed frame. Keyboard: a skip link first, then each report's Open button in order.
 */
export const boardPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accountability reports</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${nhsukCss()}</style>
<style>
.nhsuk-width-container{max-width:1200px}
iframe{width:100%;height:80vh;border:1px solid #d8dde0;margin-top:1rem}
.reports-table td,.reports-table th{vertical-align:middle}
.reports-table .nhsuk-button{margin:0}
</style></head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<h1 class="nhsuk-heading-xl">Accountability digests and governance reports</h1>
<p class="nhsuk-body" id="status" role="status">Loading...</p>
<div class="nhsuk-error-summary" id="error-summary" role="alert" tabindex="-1" hidden><h2 class="nhsuk-error-summary__title">There is a problem</h2><div class="nhsuk-error-summary__body"><p id="error"></p></div></div>
<table class="nhsuk-table reports-table" id="reports" hidden><caption class="nhsuk-table__caption">Summaries you may read, newest first</caption><thead class="nhsuk-table__head"><tr class="nhsuk-table__row"><th scope="col" class="nhsuk-table__header">Kind</th><th scope="col" class="nhsuk-table__header">Scope</th><th scope="col" class="nhsuk-table__header">Period</th><th scope="col" class="nhsuk-table__header">Status</th><th scope="col" class="nhsuk-table__header">Open</th><th scope="col" class="nhsuk-table__header">Overdue</th><th scope="col" class="nhsuk-table__header">Coverage gaps</th><th scope="col" class="nhsuk-table__header">Generated</th><th scope="col" class="nhsuk-table__header"><span class="nhsuk-u-visually-hidden">Action</span></th></tr></thead><tbody class="nhsuk-table__body"></tbody></table>
<iframe id="viewer" title="Selected report" sandbox="allow-same-origin" hidden></iframe>
</main></div>
<script>
(function () {
  var match = /token=([^&]+)/.exec(location.hash);
  if (match) { sessionStorage.setItem('token', match[1]); history.replaceState(null, '', location.pathname); }
  var token = sessionStorage.getItem('token');
  var status = document.getElementById('status');
  var error = document.getElementById('error');
  var summary = document.getElementById('error-summary');
  function fail(message) { error.textContent = message; summary.hidden = false; summary.focus(); status.textContent = ''; }
  if (!token) { status.textContent = 'Open this page with #token=<your access token> (npm start prints a board member link).'; return; }
  var headers = { authorization: 'Bearer ' + token };
  function cell(value) { var td = document.createElement('td'); td.className = 'nhsuk-table__cell'; td.textContent = value; return td; }
  fetch('reports?limit=100', { headers: headers }).then(function (r) {
    if (!r.ok) return r.json().then(function (p) { throw new Error(p.detail || p.title); });
    return r.json();
  }).then(function (page) {
    var body = document.querySelector('#reports tbody');
    page.items.forEach(function (s) {
      var tr = document.createElement('tr');
      tr.className = 'nhsuk-table__row';
      tr.setAttribute('data-summary', s.id);
      [s.kind, s.scope, s.period].forEach(function (v) { tr.appendChild(cell(v)); });
      var standing = s.status === 'final' ? 'Final' + (s.revision > 1 ? ' (revision ' + s.revision + ')' : '') : s.status === 'draft' ? 'DRAFT' : 'Legacy';
      var st = cell(standing); st.setAttribute('data-status', s.status || 'legacy'); tr.appendChild(st);
      ['open', 'overdue', 'coverageGaps'].forEach(function (m) {
        var td = cell(s.totals[m]); td.setAttribute('data-metric', m); tr.appendChild(td);
      });
      tr.appendChild(cell(s.generatedAt.slice(0, 16).replace('T', ' ')));
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small';
      button.textContent = 'Open';
      var hidden = document.createElement('span'); hidden.className = 'nhsuk-u-visually-hidden';
      hidden.textContent = ' ' + s.kind + ' ' + s.scope + ' ' + s.period; button.appendChild(hidden);
      button.setAttribute('data-open', s.id);
      button.onclick = function () { open(s.id); };
      var td = cell(''); td.appendChild(button); tr.appendChild(td); body.appendChild(tr);
    });
    document.getElementById('reports').hidden = false;
    status.textContent = page.items.length + ' summaries.';
  }).catch(function (e) { fail('Could not load the reports: ' + e.message); });
  function open(id) {
    fetch('reports/' + encodeURIComponent(id) + '?format=html', { headers: headers }).then(function (r) { return r.text(); })
      .then(function (html) {
        var frame = document.getElementById('viewer'); frame.srcdoc = html; frame.hidden = false; frame.setAttribute('data-showing', id);
        frame.title = 'Report ' + id; status.textContent = 'Showing ' + id + ' below.';
      });
  }
})();
</script>
</body></html>`;
