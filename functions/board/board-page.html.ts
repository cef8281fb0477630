/**
 * The board page: one self-contained HTML document (inline CSS and script, no external assets). It
 * takes a bearer token from the URL fragment (`/board#token=...`, never sent to the server), lists the
 * summaries the token may read, and opens one in a sandboxed frame.
 */
export const BOARD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accountability reports</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:1.5rem;color:#212b32}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d8dde0;padding:.3rem .5rem;text-align:left}
button{font:inherit;padding:.2rem .6rem;cursor:pointer}
#status{color:#4c6272}#error{color:#d5281b}
iframe{width:100%;height:80vh;border:1px solid #d8dde0;margin-top:1rem}
</style></head>
<body>
<h1>Accountability digests and governance reports</h1>
<p id="status">Loading...</p><p id="error" role="alert"></p>
<table id="reports" hidden><thead><tr><th>Kind</th><th>Scope</th><th>Period</th><th>Status</th><th>Open</th><th>Overdue</th><th>Coverage gaps</th><th>Generated</th><th></th></tr></thead><tbody></tbody></table>
<iframe id="viewer" title="Selected report" sandbox="allow-same-origin" hidden></iframe>
<script>
(function () {
  var match = /token=([^&]+)/.exec(location.hash);
  if (match) { sessionStorage.setItem('token', match[1]); history.replaceState(null, '', location.pathname); }
  var token = sessionStorage.getItem('token');
  var status = document.getElementById('status');
  var error = document.getElementById('error');
  if (!token) { status.textContent = 'Open this page with #token=<your access token> (npm start prints a board member link).'; return; }
  var headers = { authorization: 'Bearer ' + token };
  function text(td, value) { td.textContent = value; return td; }
  fetch('reports?limit=100', { headers: headers }).then(function (r) {
    if (!r.ok) return r.json().then(function (p) { throw new Error(p.detail || p.title); });
    return r.json();
  }).then(function (page) {
    var body = document.querySelector('#reports tbody');
    page.items.forEach(function (s) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-summary', s.id);
      [s.kind, s.scope, s.period].forEach(function (v) { tr.appendChild(text(document.createElement('td'), v)); });
      var standing = s.status === 'final' ? 'Final' + (s.revision > 1 ? ' (revision ' + s.revision + ')' : '') : s.status === 'draft' ? 'DRAFT' : 'Legacy';
      var st = text(document.createElement('td'), standing); st.setAttribute('data-status', s.status || 'legacy'); tr.appendChild(st);
      ['open', 'overdue', 'coverageGaps'].forEach(function (m) {
        var td = text(document.createElement('td'), s.totals[m]); td.setAttribute('data-metric', m); tr.appendChild(td);
      });
      tr.appendChild(text(document.createElement('td'), s.generatedAt.slice(0, 16).replace('T', ' ')));
      var button = document.createElement('button'); button.textContent = 'Open'; button.setAttribute('data-open', s.id);
      button.onclick = function () { open(s.id); };
      var td = document.createElement('td'); td.appendChild(button); tr.appendChild(td); body.appendChild(tr);
    });
    document.getElementById('reports').hidden = false;
    status.textContent = page.items.length + ' summaries.';
  }).catch(function (e) { error.textContent = 'Could not load the reports: ' + e.message; status.textContent = ''; });
  function open(id) {
    fetch('reports/' + encodeURIComponent(id) + '?format=html', { headers: headers }).then(function (r) { return r.text(); })
      .then(function (html) { var frame = document.getElementById('viewer'); frame.srcdoc = html; frame.hidden = false; frame.setAttribute('data-showing', id); });
  }
})();
</script>
</body></html>
`;
