import { initAll } from 'nhsuk-frontend';
import { AREAS } from '../../shared/catalogue/types';
import { ApiProblem, api, download, setApiUrl } from './api';
import { type AuthConfig, completeSignIn, currentSession, type Session, signIn, signOut } from './auth';
import {
  backLink,
  banner,
  button,
  dateInput,
  errorSummary,
  esc,
  type FieldError,
  type Html,
  input,
  link,
  radios,
  select,
  summaryList,
  table,
  tag,
  textarea,
} from './html';

/**
 * The workspace: regional and ICS teams work with their unit's commitments, national teams and boards
 * read digests and reports. Each page is a function of the URL under /app/; links and forms navigate
 * within the app (History API), so the back button and bookmarks work.
 */
interface Config extends AuthConfig {
  apiUrl: string;
}
interface Commitment {
  id: string;
  title: string;
  description: string;
  ownerUnitId: string;
  tier: string;
  status: string;
  rag: string;
  dueDate: string;
  progress: number;
  overdue?: boolean;
  version: number;
  accountableRole: string;
  accountableUserId: string;
  responsibilityIds: string[];
  deliverable?: string;
  measure?: string;
  parentId?: string;
  rollup?: { children: number; progress: number | null; rag: string | null };
}
interface Action {
  id: string;
  summary: string;
  occurredAt: string;
  loggedAt: string;
  loggedBy: string;
  progress?: number;
  statusChange?: { from: string; to: string; reason?: string };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface OrgUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}
interface Responsibility {
  id: string;
  tier: string;
  area: string;
  text: string;
}

const STATUS_WORDS: Record<string, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
const main = () => document.getElementById('maincontent') as HTMLElement;
let config: Config;
let units = new Map<string, OrgUnit>();
/** A message to show on the next page (after a create or a logged action). */
let flash: { title: string; text: string } | undefined;

const unitName = (id: string) => units.get(id)?.name ?? id;
const canWrite = (s: Session) => s.role === 'editor' && s.scopes.includes('tracker/write');
/** The digest a person can ask for: national for national units and boards, their region for a region. */
const digestScope = (s: Session): string | undefined =>
  s.unit === 'national' || s.role === 'board'
    ? 'national'
    : units.get(s.unit)?.kind === 'region'
      ? s.unit
      : undefined;

function render(title: string, body: Html): void {
  document.title = `${title} – Accountability tracker`;
  const shown = flash ? banner(flash.title, flash.text) : '';
  flash = undefined;
  main().innerHTML = `${shown}${body}`;
  initAll({ scope: main() });
  const summary = main().querySelector<HTMLElement>('.nhsuk-error-summary');
  if (summary) summary.focus();
  else main().focus({ preventScroll: false });
}

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void route();
}

function header(s: Session | undefined): void {
  const nav = document.getElementById('app-nav');
  const container = document.querySelector('.nhsuk-header__container');
  if (!nav || !container) return;
  document.querySelector('.nhsuk-header__account')?.remove();
  if (!s) {
    nav.hidden = true;
    return;
  }
  container.insertAdjacentHTML(
    'beforeend',
    `<nav class="nhsuk-header__account" aria-label="Account"><ul class="nhsuk-header__account-list"><li class="nhsuk-header__account-item">${esc(s.name)} (${esc(s.role)}, ${esc(unitName(s.unit))})</li><li class="nhsuk-header__account-item"><a class="nhsuk-header__account-link" href="/app/sign-out">Sign out</a></li></ul></nav>`,
  );
  const items: Array<[string, string]> = [
    ['/app/commitments', 'Commitments'],
    ...(canWrite(s) ? ([['/app/commitments/new', 'New commitment']] as Array<[string, string]>) : []),
    ...(digestScope(s) ? ([['/app/digest', 'Digest']] as Array<[string, string]>) : []),
    ['/app/reports', 'Reports'],
  ];
  nav.hidden = false;
  nav.innerHTML = `<div class="nhsuk-header__navigation-container nhsuk-width-container"><ul class="nhsuk-header__navigation-list">${items
    .map(([href, text]) => {
      const current = location.pathname === href;
      return `<li class="nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}"><a class="nhsuk-header__navigation-link" href="${href}"${current ? ' aria-current="page"' : ''}>${current ? `<strong class="nhsuk-header__navigation-item-current-fallback">${esc(text)}</strong>` : esc(text)}</a></li>`;
    })
    .join(
      '',
    )}<li class="nhsuk-header__menu" hidden><button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link" id="toggle-menu" aria-expanded="false"><span class="nhsuk-u-visually-hidden">Browse </span>More</button></li></ul></div>`;
}

/** problem+json field paths (`body.title`) to the form's control ids. */
function fieldErrors(problem: ApiProblem, fields: Record<string, string>): FieldError[] {
  const errors = problem.errors.map((e) => {
    const key = e.path.replace(/^(body|query)\./, '').split('.')[0] ?? '';
    return { id: fields[key] ?? Object.values(fields)[0] ?? 'maincontent', message: e.message };
  });
  return errors.length
    ? errors
    : [{ id: Object.values(fields)[0] ?? 'maincontent', message: problem.message }];
}

const dateFrom = (form: FormData, id: string) => {
  const [d = '', m = '', y = ''] = ['day', 'month', 'year'].map((p) =>
    String(form.get(`${id}-${p}`) ?? '').trim(),
  );
  if (!d && !m && !y) return '';
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};

// ---------------------------------------------------------------------------------------------- pages

async function home(s: Session): Promise<void> {
  const cards: Array<[string, string, string]> = [
    [
      '/app/commitments',
      'Commitments',
      `What ${unitName(s.unit)} has committed to, what is late, and what was done.`,
    ],
    ...(canWrite(s)
      ? ([
          [
            '/app/commitments/new',
            'New commitment',
            'Commit to a responsibility from the delivery spectrum.',
          ],
        ] as Array<[string, string, string]>)
      : []),
    ...(digestScope(s)
      ? ([['/app/digest', 'Digest', 'This week so far: open, overdue, escalated and due soon.']] as Array<
          [string, string, string]
        >)
      : []),
    ['/app/reports', 'Reports', 'Governance reports and digests, as the board reads them.'],
  ];
  render(
    'Home',
    `<h1>Accountability tracker</h1><p class="nhsuk-lede-text">Signed in as ${esc(s.name)}, ${esc(s.role)} in ${esc(unitName(s.unit))}.</p><ul class="nhsuk-grid-row nhsuk-card-group">${cards
      .map(
        ([href, title, text]) =>
          `<li class="nhsuk-grid-column-one-half nhsuk-card-group__item"><div class="nhsuk-card nhsuk-card--clickable"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading nhsuk-heading-m"><a class="nhsuk-card__link" href="${href}">${esc(title)}</a></h2><p class="nhsuk-card__description">${esc(text)}</p></div></div></li>`,
      )
      .join('')}</ul>`,
  );
}

const FILTERS = ['status', 'overdue', 'dueBefore', 'cursor'] as const;

async function commitmentsList(s: Session, query: URLSearchParams): Promise<void> {
  const params = new URLSearchParams({ limit: '25' });
  if (units.get(s.unit)?.kind !== 'national' && s.role !== 'board') params.set('unit', s.unit);
  for (const f of FILTERS) {
    const v = query.get(f);
    if (v) params.set(f, v);
  }
  const { body: page } = await api<Page<Commitment>>('GET', `/commitments?${params}`);
  const status = query.get('status') ?? '';
  const overdue = query.get('overdue') ?? '';
  const filters = `<form class="app-filters" method="get" action="/app/commitments" novalidate><div class="nhsuk-grid-row"><div class="nhsuk-grid-column-one-half">${select(
    {
      id: 'status',
      label: 'Status',
      value: status,
      options: [
        { value: '', text: 'Any status' },
        ...Object.entries(STATUS_WORDS).map(([value, text]) => ({ value, text })),
      ],
      errors: [],
    },
  )}</div><div class="nhsuk-grid-column-one-half">${select({
    id: 'overdue',
    label: 'Overdue',
    value: overdue,
    options: [
      { value: '', text: 'Overdue or not' },
      { value: 'true', text: 'Only overdue' },
      { value: 'false', text: 'Only not overdue' },
    ],
    errors: [],
  })}</div></div>${button('Apply filters', { secondary: true })}</form>`;
  const rows = page.items.map((c) => [
    link(`/app/commitments/${c.id}`, c.title),
    esc(unitName(c.ownerUnitId)),
    `${esc(c.dueDate)}${c.overdue ? ` ${tag('overdue')}` : ''}`,
    tag(c.status, STATUS_WORDS[c.status]),
    tag(c.rag),
    `${c.progress}%`,
  ]);
  const next = page.nextCursor
    ? `<nav class="nhsuk-pagination" role="navigation" aria-label="Pagination"><ul class="nhsuk-list nhsuk-pagination__list"><li class="nhsuk-pagination-item--next"><a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="/app/commitments?${esc(new URLSearchParams({ ...Object.fromEntries(query), cursor: page.nextCursor }).toString())}"><span class="nhsuk-pagination__title">Next</span><span class="nhsuk-u-visually-hidden">:</span><span class="nhsuk-pagination__page">More commitments</span></a></li></ul></nav>`
    : '';
  render(
    'Commitments',
    `<h1>Commitments</h1><p>${esc(units.get(s.unit)?.kind === 'national' || s.role === 'board' ? 'Every unit' : unitName(s.unit))}.</p>${filters}${
      rows.length
        ? table({ caption: 'Commitments', head: ['Title', 'Unit', 'Due', 'Status', 'RAG', 'Progress'], rows })
        : '<p>No commitments match these filters.</p>'
    }${next}<p><a class="nhsuk-link" href="#" data-download="/commitments/export?${esc(params.toString().replace(/&?(limit|cursor)=[^&]*/g, ''))}">Export these as CSV</a></p>`,
  );
}

async function commitmentDetail(s: Session, id: string): Promise<void> {
  const [{ body: c }, { body: actions }, { body: audit }] = await Promise.all([
    api<Commitment>('GET', `/commitments/${encodeURIComponent(id)}`),
    api<Page<Action>>('GET', `/commitments/${encodeURIComponent(id)}/actions?limit=100`),
    api<{ valid: boolean; actions?: number }>('GET', `/commitments/${encodeURIComponent(id)}/audit`),
  ]);
  const rows: Array<[string, Html]> = [
    ['Status', tag(c.status, STATUS_WORDS[c.status])],
    ['RAG', tag(c.rag)],
    ['Due', `${esc(c.dueDate)}${c.overdue ? ` ${tag('overdue')}` : ''}`],
    ['Progress', `${c.progress}%`],
    ['Unit', esc(unitName(c.ownerUnitId))],
    ['Accountable', `${esc(c.accountableRole)} (${esc(c.accountableUserId)})`],
    ['Responsibilities', esc(c.responsibilityIds.join(', '))],
    ['Deliverable', esc(c.deliverable ?? 'Not set: not measurable')],
    ['Measure', esc(c.measure ?? 'Not set: not measurable')],
    [
      'Record',
      audit.valid
        ? 'Intact: every action is in an unbroken hash chain'
        : tag('red', 'Broken: ask for an audit'),
    ],
  ];
  if (c.rollup)
    rows.push([
      'Roll-up of its children',
      `${c.rollup.children} children, ${c.rollup.progress ?? '–'}% ${c.rollup.rag ? tag(c.rollup.rag) : ''}`,
    ]);
  const actionRows = actions.items.map((a) => [
    esc(a.occurredAt),
    esc(a.summary),
    a.statusChange
      ? `${esc(STATUS_WORDS[a.statusChange.to] ?? a.statusChange.to)}${a.statusChange.reason ? `: ${esc(a.statusChange.reason)}` : ''}`
      : '',
    a.progress === undefined ? '' : `${a.progress}%`,
    esc(a.loggedBy),
  ]);
  const mayLog = canWrite(s) && c.ownerUnitId === s.unit;
  render(
    c.title,
    `${backLink('/app/commitments', 'Back to commitments')}<h1>${esc(c.title)}</h1>${c.description ? `<p>${esc(c.description)}</p>` : ''}${summaryList(rows)}${
      mayLog
        ? `<a class="nhsuk-button" href="/app/commitments/${esc(c.id)}/actions/new" role="button" draggable="false" data-module="nhsuk-button">Log an action</a>`
        : ''
    }<h2>Actions</h2>${
      actionRows.length
        ? table({
            caption: 'Actions, newest last',
            head: ['Date', 'What was done', 'Status change', 'Progress', 'Logged by'],
            rows: actionRows,
          })
        : '<p>No actions yet.</p>'
    }`,
  );
}

async function newCommitment(
  s: Session,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<void> {
  const tier = units.get(s.unit)?.kind ?? 'region';
  const { body: catalogue } = await api<Page<Responsibility>>(
    'GET',
    `/responsibilities?tier=${tier}&limit=100`,
  );
  const areaLabel = (slug: string) => AREAS.find((a) => a.slug === slug)?.label ?? slug;
  render(
    'New commitment',
    `${backLink('/app/commitments', 'Back to commitments')}${errorSummary(errors)}<h1>New commitment</h1><p>For ${esc(unitName(s.unit))}. Choose the responsibility from the delivery spectrum it delivers.</p><form method="post" action="/app/commitments/new" novalidate>${select(
      {
        id: 'responsibility',
        label: 'Responsibility',
        hint: 'Grouped by the area of the delivery spectrum',
        value: values.responsibility,
        options: [
          { value: '', text: 'Choose a responsibility' },
          ...catalogue.items.map((r) => ({
            value: r.id,
            text: `${r.id}: ${r.text.length > 90 ? `${r.text.slice(0, 89)}…` : r.text}`,
            group: areaLabel(r.area),
          })),
        ],
        errors,
      },
    )}${input({ id: 'title', label: 'Title', value: values.title, errors })}${textarea({ id: 'description', label: 'Description', value: values.description, errors })}${input({ id: 'accountableRole', label: 'Accountable role', hint: 'For example, Head of Workforce Planning', value: values.accountableRole, errors })}${dateInput({ id: 'dueDate', legend: 'Due date', hint: 'For example, 31 3 2027', value: values.dueDate, errors })}${input({ id: 'deliverable', label: 'Deliverable (optional)', hint: 'What will be delivered; without it the commitment is not measurable', value: values.deliverable, errors })}${input({ id: 'measure', label: 'Measure or target (optional)', value: values.measure, errors })}${button('Create commitment')}</form>`,
  );
}

async function submitNewCommitment(s: Session, form: FormData): Promise<void> {
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v).trim()]));
  values.dueDate = dateFrom(form, 'dueDate');
  const errors: FieldError[] = [];
  if (!values.responsibility)
    errors.push({ id: 'responsibility', message: 'Choose the responsibility it delivers' });
  if (!values.title) errors.push({ id: 'title', message: 'Enter a title' });
  if (!values.accountableRole) errors.push({ id: 'accountableRole', message: 'Enter the accountable role' });
  if (!values.dueDate) errors.push({ id: 'dueDate', message: 'Enter the due date' });
  if (errors.length) return newCommitment(s, errors, values);
  try {
    const { body } = await api<Commitment>('POST', '/commitments', {
      title: values.title,
      description: values.description ?? '',
      accountableRole: values.accountableRole,
      responsibilityIds: [values.responsibility],
      dueDate: values.dueDate,
      ...(values.deliverable ? { deliverable: values.deliverable } : {}),
      ...(values.measure ? { measure: values.measure } : {}),
    });
    flash = { title: 'Created', text: `${body.title} is recorded.` };
    navigate(`/app/commitments/${body.id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    return newCommitment(
      s,
      fieldErrors(error, {
        responsibilityIds: 'responsibility',
        title: 'title',
        description: 'description',
        accountableRole: 'accountableRole',
        dueDate: 'dueDate',
        deliverable: 'deliverable',
        measure: 'measure',
      }),
      values,
    );
  }
}

async function newAction(
  id: string,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<void> {
  const { body: c } = await api<Commitment>('GET', `/commitments/${encodeURIComponent(id)}`);
  render(
    'Log an action',
    `${backLink(`/app/commitments/${c.id}`, 'Back to the commitment')}${errorSummary(errors)}<span class="nhsuk-caption-l">${esc(c.title)}</span><h1>Log an action</h1><form method="post" action="/app/commitments/${esc(c.id)}/actions/new" novalidate>${textarea({ id: 'summary', label: 'What was done', value: values.summary, errors })}${dateInput({ id: 'occurredAt', legend: 'When it was done', hint: 'For example, 20 11 2026', value: values.occurredAt, errors })}${input({ id: 'progress', label: 'Progress now (percent, optional)', width: 3, inputmode: 'numeric', value: values.progress ?? String(c.progress), errors })}${radios(
      {
        id: 'status',
        legend: 'Status now',
        value: values.status ?? '',
        options: [
          { value: '', text: `Unchanged (${STATUS_WORDS[c.status]})` },
          ...Object.entries(STATUS_WORDS)
            .filter(([k]) => k !== c.status)
            .map(([value, text]) => ({ value, text })),
        ],
        errors,
      },
    )}${textarea({ id: 'reason', label: 'Reason for the status change (when it changes)', value: values.reason, errors })}${button('Log action')}</form>`,
  );
}

async function submitNewAction(id: string, form: FormData): Promise<void> {
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v).trim()]));
  values.occurredAt = dateFrom(form, 'occurredAt');
  const errors: FieldError[] = [];
  if (!values.summary) errors.push({ id: 'summary', message: 'Enter what was done' });
  if (!values.occurredAt) errors.push({ id: 'occurredAt', message: 'Enter when it was done' });
  if (values.progress && !/^\d{1,3}$/.test(values.progress))
    errors.push({ id: 'progress', message: 'Progress must be a whole number from 0 to 100' });
  if (errors.length) return newAction(id, errors, values);
  try {
    await api(
      'POST',
      `/commitments/${encodeURIComponent(id)}/actions`,
      {
        summary: values.summary,
        occurredAt: values.occurredAt,
        ...(values.progress ? { progress: Number(values.progress) } : {}),
        ...(values.status
          ? { statusChange: { to: values.status, ...(values.reason ? { reason: values.reason } : {}) } }
          : {}),
      },
      { 'idempotency-key': crypto.randomUUID() },
    );
    flash = { title: 'Logged', text: 'The action is on the record.' };
    navigate(`/app/commitments/${id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    return newAction(
      id,
      fieldErrors(error, {
        summary: 'summary',
        occurredAt: 'occurredAt',
        progress: 'progress',
        statusChange: 'status',
        reason: 'reason',
      }),
      values,
    );
  }
}

/** The ISO week containing a date, as periods name it (2026-W48). */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

async function digest(s: Session): Promise<void> {
  const scope = digestScope(s);
  if (!scope) {
    render(
      'Digest',
      `<h1>Digest</h1><p>Digests cover a region or the whole country. Your region's team receives ${esc(unitName(s.unit))}'s in theirs.</p>`,
    );
    return;
  }
  const period = isoWeek(new Date());
  const { body } = await api<{ id: string; status: string; totals: Record<string, number> }>(
    'POST',
    '/reports',
    {
      kind: 'digest',
      scope,
      period,
    },
  );
  const t = body.totals;
  const words: Array<[string, string]> = [
    ['commitments', 'Commitments'],
    ['open', 'Open'],
    ['overdue', 'Overdue'],
    ['newlyOverdue', 'Newly overdue this week'],
    ['escalated', 'Escalated'],
    ['dueSoon', 'Due in the next 30 days'],
    ['completed', 'Completed this week'],
    ['actionsLogged', 'Actions logged this week'],
  ];
  render(
    'Digest',
    `<h1>Digest: ${esc(unitName(scope))}, ${esc(period)}</h1><div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>A draft: the week is still running. The final digest is made when it ends.</p></div>${summaryList(words.map(([k, label]) => [label, esc(t[k] ?? 0)]))}<p><a class="nhsuk-link" href="/app/digest">Refresh</a></p>`,
  );
}

async function reports(): Promise<void> {
  const { body } = await api<
    Page<{
      id: string;
      kind: string;
      scope: string;
      period: string;
      status: string;
      generatedAt: string;
    }>
  >('GET', '/reports?limit=50');
  const rows = body.items.map((r) => [
    link(`/app/reports/${r.id}`, r.kind === 'report' ? 'Governance report' : 'Digest'),
    esc(unitName(r.scope)),
    esc(r.period),
    tag(r.status === 'final' ? 'completed' : 'not_started', r.status),
    `<a class="nhsuk-link" href="#" data-download="/reports/${esc(r.id)}?format=html" data-filename="${esc(r.id)}.html">HTML</a>, <a class="nhsuk-link" href="#" data-download="/reports/${esc(r.id)}?format=csv" data-filename="${esc(r.id)}.csv">CSV</a>`,
  ]);
  render(
    'Reports',
    `<h1>Reports and digests</h1>${rows.length ? table({ caption: 'Summaries you may read, newest first', head: ['Kind', 'Scope', 'Period', 'Status', 'Download'], rows }) : '<p>No reports yet. Final reports are made when each period ends.</p>'}`,
  );
}

/** A report or digest as the board reads it: the summary's own HTML, in the workspace, printable. */
async function reportView(id: string): Promise<void> {
  const { body: html } = await api<string>('GET', `/reports/${encodeURIComponent(id)}?format=html`);
  const report = new DOMParser().parseFromString(html, 'text/html');
  const content = report.querySelector('main');
  for (const el of content?.querySelectorAll('script, style, link') ?? []) el.remove();
  render(
    report.title || 'Report',
    `${backLink('/app/reports', 'Back to reports')}<div class="app-report">${content?.innerHTML ?? ''}</div><div class="app-report-actions">${button('Print this report', { secondary: true, type: 'button' }).replace('<button', '<button data-print')}<p>Download: <a class="nhsuk-link" href="#" data-download="/reports/${esc(id)}?format=html" data-filename="${esc(id)}.html">HTML</a>, <a class="nhsuk-link" href="#" data-download="/reports/${esc(id)}?format=csv" data-filename="${esc(id)}.csv">CSV</a></p></div>`,
  );
  // Wide tables scroll within a focusable region of their own (WCAG reflow: the page does not).
  for (const t of main().querySelectorAll<HTMLTableElement>('.app-report table')) {
    const region = document.createElement('div');
    region.className = 'app-scroll';
    region.tabIndex = 0;
    region.setAttribute('role', 'region');
    region.setAttribute('aria-label', t.caption?.textContent?.trim() || 'Table');
    t.replaceWith(region);
    region.append(t);
  }
}

function accessibility(): void {
  render(
    'Accessibility statement',
    `<h1>Accessibility statement for the accountability tracker</h1><p>This statement applies to the accountability tracker's workspace, the reports and digests it shows and sends, and its sign-in pages.</p><h2>Using this service</h2><p>We want as many people as possible to be able to use this service. You should be able to change colours, contrast levels and fonts; zoom in up to 400% without the text spilling off the screen, and use it on a screen 320 pixels wide; navigate most of it using a keyboard or speech recognition software; and listen to most of it using a screen reader.</p><h2>How accessible this service is</h2><p>We know of no part of the workspace that fails WCAG 2.2 AA. Reports' charts are images with a text alternative, a one-line reading and a data table each; wide data tables scroll sideways inside their own region at narrow widths.</p><h2>Feedback and contact information</h2><p>If you need information in a different format, or find a problem, contact the service team through your organisation's IT service desk, naming "accountability tracker". We will reply within 5 working days.</p><h2>Enforcement procedure</h2><p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).</p><h2>Technical information about this service's accessibility</h2><p>This service is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, as far as our testing shows.</p><h2>How we tested this service</h2><p>Every change is tested automatically in a real browser: axe with the WCAG 2.2 A and AA rules on every page, each page at 320 pixels wide, and a whole journey with the keyboard only. It has not yet been tested by disabled users or with screen readers by hand; we will do so and publish what we find.</p><p>This statement was prepared on 26 November 2026.</p>`,
  );
}

function problemPage(error: unknown): void {
  if (error instanceof ApiProblem && error.status === 404) {
    render(
      'Page not found',
      '<h1>Page not found</h1><p>There is nothing here, or nothing you may see.</p><p><a class="nhsuk-link" href="/app/">Go to the home page</a></p>',
    );
    return;
  }
  const detail = error instanceof Error ? error.message : String(error);
  render(
    'Sorry, there is a problem',
    `<h1>Sorry, there is a problem with the service</h1><p>${esc(detail)}</p><p><a class="nhsuk-link" href="/app/">Go to the home page</a></p>`,
  );
}

// --------------------------------------------------------------------------------------------- routing

async function route(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '') || '/app';
  const query = new URLSearchParams(location.search);
  try {
    if (path === '/app/accessibility') {
      header(currentSession());
      return accessibility();
    }
    if (path === '/app/signed-out') {
      header(undefined);
      render(
        'Signed out',
        '<h1>You have signed out</h1><p><a class="nhsuk-link" href="/app/">Sign in again</a></p>',
      );
      return;
    }
    if (path === '/app/callback') {
      const next = await completeSignIn(config, query);
      await loadUnits();
      return navigate(next, true);
    }
    const s = currentSession();
    if (!s) return void (await signIn(config, `${location.pathname}${location.search}`));
    if (path === '/app/sign-out') return void signOut(config);
    header(s);
    if (path === '/app') return await home(s);
    if (path === '/app/commitments') return await commitmentsList(s, query);
    if (path === '/app/commitments/new') return await newCommitment(s);
    if (path === '/app/digest') return await digest(s);
    if (path === '/app/reports') return await reports();
    const report = /^\/app\/reports\/([^/]+)$/.exec(path);
    if (report?.[1]) return await reportView(decodeURIComponent(report[1]));
    const action = /^\/app\/commitments\/([^/]+)\/actions\/new$/.exec(path);
    if (action?.[1]) return await newAction(decodeURIComponent(action[1]));
    const detail = /^\/app\/commitments\/([^/]+)$/.exec(path);
    if (detail?.[1]) return await commitmentDetail(s, decodeURIComponent(detail[1]));
    throw new ApiProblem(404, 'Not found', undefined, []);
  } catch (error) {
    problemPage(error);
  }
}

async function submit(form: HTMLFormElement): Promise<void> {
  const s = currentSession();
  if (!s) return void (await signIn(config, location.pathname));
  const target = new URL(form.action, location.href);
  const data = new FormData(form);
  try {
    if (form.method.toLowerCase() === 'get') {
      const q = new URLSearchParams([...data].filter(([, v]) => v !== '').map(([k, v]) => [k, String(v)]));
      return navigate(`${target.pathname}${q.size ? `?${q}` : ''}`);
    }
    if (target.pathname === '/app/commitments/new') return await submitNewCommitment(s, data);
    const action = /^\/app\/commitments\/([^/]+)\/actions\/new$/.exec(target.pathname);
    if (action?.[1]) return await submitNewAction(decodeURIComponent(action[1]), data);
  } catch (error) {
    problemPage(error);
  }
}

async function loadUnits(): Promise<void> {
  if (units.size || !currentSession()) return;
  const { body } = await api<{ national: OrgUnit | null; regions: Array<OrgUnit & { icss: OrgUnit[] }> }>(
    'GET',
    '/org-units',
  );
  const all = [...(body.national ? [body.national] : []), ...body.regions.flatMap((r) => [r, ...r.icss])];
  units = new Map(all.map((u) => [u.id, u]));
}

async function start(): Promise<void> {
  document.body.classList.add('nhsuk-frontend-supported');
  config = (await (await fetch('/app/config.json')).json()) as Config;
  setApiUrl(config.apiUrl);
  document.addEventListener('click', (event) => {
    if ((event.target as Element).closest('[data-print]')) return window.print();
    const a = (event.target as Element).closest('a');
    if (!a) return;
    const file = a.getAttribute('data-download');
    if (file) {
      event.preventDefault();
      void download(file, a.getAttribute('data-filename') ?? 'commitments.csv').catch(problemPage);
      return;
    }
    const url = new URL(a.href, location.href);
    if (
      url.origin === location.origin &&
      url.pathname.startsWith('/app') &&
      !a.hasAttribute('download') &&
      !url.hash
    ) {
      event.preventDefault();
      navigate(`${url.pathname}${url.search}`);
    }
  });
  document.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(event.target as HTMLFormElement);
  });
  window.addEventListener('popstate', () => void route());
  await loadUnits().catch(() => undefined);
  await route();
}

void start();
