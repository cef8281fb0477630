import { initAll } from 'nhsuk-frontend';
import { AREAS } from '../../shared/catalogue/types';
import { addDays, londonDate, weekLabel } from '../../shared/summaries/period';
import { ApiProblem, api, download, RawBody, setApiUrl } from './api';
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
  updatedBy?: string;
  updatedAt?: string;
}
interface Action {
  id: string;
  summary: string;
  occurredAt: string;
  loggedAt: string;
  loggedBy: string;
  progress?: number;
  statusChange?: { from: string; to: string; reason?: string };
  evidence?: Array<{ url?: string; label?: string; file?: { name?: string } }>;
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
  validTo?: string | null;
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

/**
 * The header component (nhsuk-frontend's markup), rebuilt on each page so the current item is marked,
 * then started by nhsuk-frontend: on a narrow screen, items that do not fit move under "More".
 */
function header(s: Session | undefined): void {
  const old = document.querySelector('header.nhsuk-header');
  if (!old) return;
  const items: Array<[string, string]> = s
    ? [
        ['/app/commitments', 'Commitments'],
        ...(canWrite(s) ? ([['/app/commitments/new', 'New commitment']] as Array<[string, string]>) : []),
        ...(digestScope(s) ? ([['/app/digest', 'Digest']] as Array<[string, string]>) : []),
        ...(s.unit === 'national' || s.role === 'board'
          ? ([['/app/regions', 'Regions']] as Array<[string, string]>)
          : []),
        ['/app/reports', 'Reports'],
        ['/app/subscriptions', 'Subscriptions'],
      ]
    : [];
  const account = s
    ? `<nav class="nhsuk-header__account" aria-label="Account"><ul class="nhsuk-header__account-list"><li class="nhsuk-header__account-item">${esc(s.name)} (${esc(s.role)}, ${esc(unitName(s.unit))})</li><li class="nhsuk-header__account-item"><a class="nhsuk-header__account-link" href="/app/sign-out">Sign out</a></li></ul></nav>`
    : '';
  const navigation = items.length
    ? `<nav class="nhsuk-header__navigation" aria-label="Menu"><div class="nhsuk-header__navigation-container nhsuk-width-container"><ul class="nhsuk-header__navigation-list">${items
        .map(([href, text]) => {
          const current = location.pathname === href;
          return `<li class="nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}"><a class="nhsuk-header__navigation-link" href="${href}"${current ? ' aria-current="page"' : ''}>${current ? `<strong class="nhsuk-header__navigation-item-current-fallback">${esc(text)}</strong>` : esc(text)}</a></li>`;
        })
        .join(
          '',
        )}<li class="nhsuk-header__menu" hidden><button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link" id="toggle-menu" aria-expanded="false"><span class="nhsuk-u-visually-hidden">Browse </span>More</button></li></ul></div></nav>`
    : '';
  const fresh = document.createElement('header');
  fresh.className = 'nhsuk-header';
  fresh.setAttribute('data-module', 'nhsuk-header');
  fresh.innerHTML = `<div class="nhsuk-header__container nhsuk-width-container"><div class="nhsuk-header__service"><a class="nhsuk-header__service-name" href="/app/">Accountability tracker</a></div>${account}</div>${navigation}`;
  old.replaceWith(fresh);
  initAll({ scope: fresh.parentElement ?? document.body });
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

const FILTERS = [
  'unit',
  'region',
  'status',
  'rag',
  'overdue',
  'responsibility',
  'accountable',
  'cursor',
] as const;
/** The list's choice filters: each a select whose first option means "any". */
const FILTER_SELECTS: Array<{ id: string; label: string; options: Array<{ value: string; text: string }> }> =
  [
    {
      id: 'status',
      label: 'Status',
      options: [
        { value: '', text: 'Any status' },
        ...Object.entries(STATUS_WORDS).map(([value, text]) => ({ value, text })),
      ],
    },
    {
      id: 'rag',
      label: 'RAG',
      options: [
        { value: '', text: 'Any RAG' },
        { value: 'red', text: 'Red' },
        { value: 'amber', text: 'Amber' },
        { value: 'green', text: 'Green' },
      ],
    },
    {
      id: 'overdue',
      label: 'Overdue',
      options: [
        { value: '', text: 'Overdue or not' },
        { value: 'true', text: 'Only overdue' },
        { value: 'false', text: 'Only not overdue' },
      ],
    },
    {
      id: 'within',
      label: 'Due soon',
      options: [
        { value: '', text: 'Any due date' },
        { value: '30', text: 'Open, due in 30 days' },
        { value: '90', text: 'Open, due in 90 days' },
      ],
    },
  ];

/** The units a person may filter by: a region's own and its ICSs; national and boards, every region. */
function unitOptions(s: Session): Array<{ value: string; text: string; group?: string }> {
  const me = units.get(s.unit);
  const all = [...units.values()];
  if (me?.kind === 'region')
    return [me, ...all.filter((u) => u.parentId === me.id)].map((u) => ({
      value: `unit:${u.id}`,
      text: u.name,
    }));
  if (me?.kind === 'national' || s.role === 'board')
    return all
      .filter((u) => u.kind === 'region')
      .flatMap((r) => [
        { value: `region:${r.id}`, text: `${r.name} (with its ICSs)`, group: 'Regions' },
        ...all
          .filter((u) => u.parentId === r.id)
          .map((u) => ({ value: `unit:${u.id}`, text: u.name, group: r.name })),
      ]);
  return [];
}

async function commitmentsList(s: Session, query: URLSearchParams): Promise<void> {
  const params = new URLSearchParams({ limit: '25' });
  for (const f of FILTERS) {
    const v = query.get(f);
    if (v) params.set(f, v);
  }
  const within = query.get('within') ?? '';
  if (within) params.set('dueBefore', addDays(londonDate(new Date()), Number(within)));
  if (within && !params.has('status')) params.set('status', 'not_started,on_track,at_risk,off_track');
  const { body: page } = await api<Page<Commitment>>('GET', `/commitments?${params}`);
  const where = query.get('unit')
    ? `unit:${query.get('unit')}`
    : query.get('region')
      ? `region:${query.get('region')}`
      : '';
  const choices = unitOptions(s);
  const column = (html: Html) => `<div class="nhsuk-grid-column-one-third">${html}</div>`;
  const filters = `<form class="app-filters" method="get" action="/app/commitments" novalidate><div class="nhsuk-grid-row">${
    choices.length
      ? column(
          select({
            id: 'where',
            label: 'Unit',
            value: where,
            options: [{ value: '', text: 'All I may see' }, ...choices],
            errors: [],
          }),
        )
      : ''
  }${FILTER_SELECTS.map((f) =>
    column(
      select({
        id: f.id,
        label: f.label,
        value: f.id === 'within' ? within : (query.get(f.id) ?? ''),
        options: f.options,
        errors: [],
      }),
    ),
  ).join(
    '',
  )}${column(input({ id: 'responsibility', label: 'Responsibility id', hint: 'For example, REG-WP-2', value: query.get('responsibility') ?? '', errors: [] }))}${column(
    input({
      id: 'accountable',
      label: 'Accountable person (user id)',
      value: query.get('accountable') ?? '',
      errors: [],
    }),
  )}</div>${button('Apply filters', { secondary: true })}</form>`;
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
  const exportQuery = new URLSearchParams([...params].filter(([k]) => k !== 'limit' && k !== 'cursor'));
  render(
    'Commitments',
    `<h1>Commitments</h1>${filters}${
      rows.length
        ? table({
            caption: 'Commitments, soonest due first',
            head: ['Title', 'Unit', 'Due', 'Status', 'RAG', 'Progress'],
            rows,
          })
        : '<p>No commitments match these filters.</p>'
    }${next}<p><a class="nhsuk-link" href="#" data-download="/commitments/export?${esc(exportQuery.toString())}" data-filename="commitments.csv">Export these as CSV</a>${
      canWrite(s)
        ? ` · ${link('/app/import', 'Import from a spreadsheet (CSV)')} · ${link('/app/handover', "Hand over a leaver's commitments")}`
        : ''
    }</p>`,
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
  const evidenceOf = (a: Action) =>
    (a.evidence ?? [])
      .map((e) =>
        e.url && /^https?:\/\//.test(e.url)
          ? `<br><a class="nhsuk-link" href="${esc(e.url)}" rel="noreferrer">${esc(e.label ?? 'Evidence')}<span class="nhsuk-u-visually-hidden"> (${esc(e.url)})</span></a>`
          : `<br>Evidence: ${esc(e.label ?? e.file?.name ?? 'a file')}`,
      )
      .join('');
  const actionRows = actions.items.map((a) => [
    esc(a.occurredAt),
    `${esc(a.summary)}${evidenceOf(a)}`,
    a.statusChange
      ? `${esc(STATUS_WORDS[a.statusChange.to] ?? a.statusChange.to)}${a.statusChange.reason ? `: ${esc(a.statusChange.reason)}` : ''}`
      : '',
    a.progress === undefined ? '' : `${a.progress}%`,
    esc(a.loggedBy),
  ]);
  const mayLog = canWrite(s) && c.ownerUnitId === s.unit;
  const change = mayLog ? `<p>${link(`/app/commitments/${c.id}/edit`, 'Change this commitment')}</p>` : '';
  render(
    c.title,
    `${backLink('/app/commitments', 'Back to commitments')}<h1>${esc(c.title)}</h1>${c.description ? `<p>${esc(c.description)}</p>` : ''}${summaryList(rows)}${
      mayLog
        ? `<a class="nhsuk-button" href="/app/commitments/${esc(c.id)}/actions/new" role="button" draggable="false" data-module="nhsuk-button">Log an action</a>`
        : ''
    }${change}<h2>Actions</h2>${
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
    )}${textarea({ id: 'reason', label: 'Reason for the status change (when it changes)', value: values.reason, errors })}${input({ id: 'evidence', label: 'Evidence link (optional)', hint: 'The address of a document or page that shows it was done, starting https://', type: 'url', value: values.evidence, errors })}${button('Log action')}</form>`,
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
        ...(values.evidence ? { evidence: [{ url: values.evidence }] } : {}),
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
        evidence: 'evidence',
      }),
      values,
    );
  }
}

// ------------------------------------------------------------------ changing a commitment (with 412)

/** The fields the change form edits, with their words. */
const EDITABLE: Array<[keyof Commitment & string, string]> = [
  ['title', 'Title'],
  ['description', 'Description'],
  ['deliverable', 'Deliverable'],
  ['measure', 'Measure or target'],
  ['accountableRole', 'Accountable role'],
  ['dueDate', 'Due date'],
  ['rag', 'RAG'],
];
/** The version the person started from: what "someone else changed it first" is measured against. */
let editing: { id: string; base: Commitment } | undefined;

async function editCommitment(
  id: string,
  state: { errors?: FieldError[]; values?: Record<string, string>; conflict?: Html } = {},
): Promise<void> {
  if (!state.values || editing?.id !== id) {
    const { body } = await api<Commitment>('GET', `/commitments/${encodeURIComponent(id)}`);
    editing = { id, base: body };
  }
  const c = editing.base;
  const errors = state.errors ?? [];
  const v = state.values ?? Object.fromEntries(EDITABLE.map(([k]) => [k, String(c[k] ?? '')]));
  render(
    'Change a commitment',
    `${backLink(`/app/commitments/${c.id}`, 'Back to the commitment')}${errorSummary(errors)}${state.conflict ?? ''}<span class="nhsuk-caption-l">${esc(c.title)}</span><h1>Change this commitment</h1><form method="post" action="/app/commitments/${esc(c.id)}/edit" novalidate>${input({ id: 'title', label: 'Title', value: v.title, errors })}${textarea({ id: 'description', label: 'Description', value: v.description, errors })}${input({ id: 'deliverable', label: 'Deliverable', value: v.deliverable, errors })}${input({ id: 'measure', label: 'Measure or target', value: v.measure, errors })}${input({ id: 'accountableRole', label: 'Accountable role', value: v.accountableRole, errors })}${dateInput({ id: 'dueDate', legend: 'Due date', value: v.dueDate, errors })}${radios(
      {
        id: 'rag',
        legend: 'RAG',
        value: v.rag,
        inline: true,
        options: [
          { value: 'green', text: 'Green' },
          { value: 'amber', text: 'Amber' },
          { value: 'red', text: 'Red' },
        ],
        errors,
      },
    )}${button('Save changes')}</form>`,
  );
}

async function submitEdit(id: string, form: FormData): Promise<void> {
  const base = editing?.id === id ? editing.base : undefined;
  if (!base) return editCommitment(id);
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v).trim()]));
  values.dueDate = dateFrom(form, 'dueDate');
  const patch: Record<string, string | null> = {};
  for (const [k] of EDITABLE) {
    const before = String(base[k] ?? '');
    const now = values[k] ?? '';
    if (now !== before) patch[k] = now === '' && (k === 'deliverable' || k === 'measure') ? null : now;
  }
  if (!Object.keys(patch).length) {
    flash = { title: 'Nothing changed', text: 'The commitment is as it was.' };
    return navigate(`/app/commitments/${id}`);
  }
  try {
    await api('PATCH', `/commitments/${encodeURIComponent(id)}`, patch, { 'if-match': `"${base.version}"` });
    editing = undefined;
    flash = { title: 'Saved', text: 'Your changes are on the record.' };
    navigate(`/app/commitments/${id}`);
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.status === 412) {
      // Someone else saved first: show what they changed, keep what this person typed, and let them
      // save again over the newer version on purpose.
      const { body: current } = await api<Commitment>('GET', `/commitments/${encodeURIComponent(id)}`);
      const changed = EDITABLE.filter(([k]) => String(base[k] ?? '') !== String(current[k] ?? ''));
      editing = { id, base: current };
      const conflict = `<div class="nhsuk-warning-callout"><h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>Changed by someone else</span></h2><p>${esc(current.updatedBy ?? 'Someone')} saved this commitment after you opened it${current.updatedAt ? ` (${esc(current.updatedAt.slice(0, 16).replace('T', ' '))} UTC)` : ''}. Check what they changed; saving again applies your values over theirs.</p>${
        changed.length
          ? table({
              caption: 'What they changed',
              head: ['Field', 'When you opened it', 'Now'],
              rows: changed.map(([k, label]) => [
                esc(label),
                esc(base[k] ?? '(none)'),
                esc(current[k] ?? '(none)'),
              ]),
            })
          : '<p>They changed the status or progress, not the fields on this form.</p>'
      }</div>`;
      return editCommitment(id, {
        errors: [
          {
            id: changed[0]?.[0] === 'dueDate' ? 'dueDate' : (changed[0]?.[0] ?? 'title'),
            message: 'Someone else changed this commitment since you opened it',
          },
        ],
        values,
        conflict,
      });
    }
    if (error.status !== 400) throw error;
    return editCommitment(id, {
      errors: fieldErrors(error, Object.fromEntries(EDITABLE.map(([k]) => [k, k]))),
      values,
    });
  }
}

// ------------------------------------------------------------------------------------ CSV import

/** The file checked by the dry run, waiting for "Import". */
let pendingImport: { kind: string; name: string; text: string } | undefined;
interface ImportReport {
  status: string;
  rows: number;
  errorCount: number;
  errors: Array<{ row: number; column: string; message: string }>;
  errorsByColumn: Record<string, number>;
  written: number;
}

function importForm(errors: FieldError[] = [], kind = 'commitments'): void {
  render(
    'Import from a spreadsheet',
    `${backLink('/app/commitments', 'Back to commitments')}${errorSummary(errors)}<h1>Import from a spreadsheet</h1><p>Save your spreadsheet as CSV with the columns the template has (<a class="nhsuk-link" href="#" data-download="/imports/template?kind=commitments" data-filename="commitments-template.csv">commitments template</a>, <a class="nhsuk-link" href="#" data-download="/imports/template?kind=actions" data-filename="actions-template.csv">actions template</a>). The file is checked first: nothing is written until you import it, and then every row or none.</p><form method="post" action="/app/import" enctype="multipart/form-data" novalidate>${radios(
      {
        id: 'kind',
        legend: 'What each row is',
        value: kind,
        options: [
          { value: 'commitments', text: 'A commitment' },
          { value: 'actions', text: 'An action on a commitment' },
        ],
        errors,
      },
    )}<div class="nhsuk-form-group${errors.some((e) => e.id === 'file') ? ' nhsuk-form-group--error' : ''}"><label class="nhsuk-label" for="file">CSV file</label>${
      errors.find((e) => e.id === 'file')
        ? `<span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${esc(errors.find((e) => e.id === 'file')?.message)}</span>`
        : ''
    }<input class="nhsuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv"${errors.some((e) => e.id === 'file') ? ' aria-describedby="file-error"' : ''}></div>${button('Check the file')}</form>`,
  );
}

async function submitImportCheck(form: FormData): Promise<void> {
  const file = form.get('file');
  const kind = String(form.get('kind') ?? 'commitments');
  if (!(file instanceof File) || !file.size)
    return importForm([{ id: 'file', message: 'Choose a CSV file' }], kind);
  const text = await file.text();
  const { body: report } = await api<ImportReport>(
    'POST',
    `/imports?kind=${kind}&dryRun=true`,
    new RawBody('text/csv', text),
  );
  if (report.status === 'valid') {
    pendingImport = { kind, name: file.name, text };
    render(
      'Ready to import',
      `${backLink('/app/import', 'Choose another file')}<h1>${report.rows} ${report.rows === 1 ? 'row is' : 'rows are'} ready to import</h1><p>${esc(file.name)} has no errors. Nothing is written yet.</p><form method="post" action="/app/import/confirm" novalidate>${button(`Import ${report.rows} ${report.rows === 1 ? 'row' : 'rows'}`)}</form>`,
    );
    return;
  }
  pendingImport = undefined;
  const listed = report.errors.map((e) => [String(e.row), esc(e.column || 'whole row'), esc(e.message)]);
  const byColumn = Object.entries(report.errorsByColumn)
    .map(([c, n]) => `${c || 'whole row'}: ${n}`)
    .join(', ');
  render(
    'Errors in the file',
    `${backLink('/app/import', 'Choose another file')}<div class="nhsuk-error-summary" data-module="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"><h2 class="nhsuk-error-summary__title" id="error-summary-title">There ${report.errorCount === 1 ? 'is 1 error' : `are ${report.errorCount} errors`} in ${esc(file.name)}</h2><div class="nhsuk-error-summary__body"><p>Nothing was written. Fix them in the spreadsheet and check the file again. By column: ${esc(byColumn)}.</p></div></div><h1>Errors by row and column</h1>${table(
      {
        caption:
          report.errorCount > listed.length
            ? `The first ${listed.length} of ${report.errorCount} errors`
            : 'Every error',
        head: ['Row', 'Column', 'Error'],
        rows: listed,
      },
    )}`,
  );
}

async function submitImport(): Promise<void> {
  if (!pendingImport) return importForm([{ id: 'file', message: 'Choose the CSV file again' }]);
  const { kind, text, name } = pendingImport;
  const { body: report } = await api<ImportReport>(
    'POST',
    `/imports?kind=${kind}`,
    new RawBody('text/csv', text),
  );
  pendingImport = undefined;
  flash = {
    title: 'Imported',
    text:
      report.status === 'already-imported'
        ? `${name} was imported before: nothing new written.`
        : `${report.written} rows of ${name} are on the record.`,
  };
  navigate('/app/commitments');
}

// ------------------------------------------------------------------------------------- hand-over

function handoverForm(s: Session, errors: FieldError[] = [], values: Record<string, string> = {}): void {
  render(
    "Hand over a leaver's commitments",
    `${backLink('/app/commitments', 'Back to commitments')}${errorSummary(errors)}<h1>Hand over a leaver's commitments</h1><p>Every open or closed commitment of ${esc(unitName(s.unit))} that the leaver is accountable for passes to the person taking over. Each hand-over is logged as an action on the commitment.</p><form method="post" action="/app/handover" novalidate>${input({ id: 'fromUserId', label: 'The person leaving (user id)', value: values.fromUserId, errors })}${input({ id: 'toUserId', label: 'The person taking over (user id)', value: values.toUserId, errors })}${textarea({ id: 'reason', label: 'Reason', hint: 'Recorded on each commitment, for example "Amara joins the national team"', value: values.reason, errors })}${button('Hand over')}</form>`,
  );
}

async function submitHandover(s: Session, form: FormData): Promise<void> {
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v).trim()]));
  const errors: FieldError[] = [];
  if (!values.fromUserId)
    errors.push({ id: 'fromUserId', message: 'Enter the user id of the person leaving' });
  if (!values.toUserId)
    errors.push({ id: 'toUserId', message: 'Enter the user id of the person taking over' });
  if (!values.reason) errors.push({ id: 'reason', message: 'Enter the reason' });
  if (errors.length) return handoverForm(s, errors, values);
  try {
    const { body } = await api<{ count: number }>(
      'POST',
      `/org-units/${encodeURIComponent(s.unit)}/handovers`,
      {
        fromUserId: values.fromUserId,
        toUserId: values.toUserId,
        reason: values.reason,
      },
    );
    flash = {
      title: 'Handed over',
      text: `${body.count} ${body.count === 1 ? 'commitment' : 'commitments'} handed over to ${values.toUserId}.`,
    };
    navigate(`/app/commitments?accountable=${encodeURIComponent(values.toUserId ?? '')}`);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    return handoverForm(
      s,
      fieldErrors(error, { fromUserId: 'fromUserId', toUserId: 'toUserId', reason: 'reason' }),
      values,
    );
  }
}

// ------------------------------------------------------------------- national: regions side by side

interface SummaryRecord {
  id: string;
  kind: string;
  scope: string;
  period: string;
  status?: string;
  totals: Record<string, number>;
}

async function regionsOverview(): Promise<void> {
  const regions = [...units.values()].filter(
    (u) => u.kind === 'region' && !('validTo' in u && (u as { validTo: string | null }).validTo),
  );
  const latest = await Promise.all(
    regions.map(async (r) => {
      const { body } = await api<Page<SummaryRecord>>(
        'GET',
        `/reports?kind=digest&status=final&scope=${r.id}&limit=1`,
      );
      const digest = body.items[0];
      if (!digest) return { region: r, digest, gaps: new Map<string, number>() };
      const { body: full } = await api<{
        coverageGaps?: Array<{ responsibilityId: string }>;
        content?: { coverageGaps?: Array<{ responsibilityId: string }> };
      }>('GET', `/reports/${encodeURIComponent(digest.id)}?format=json`);
      const gaps = new Map<string, number>();
      for (const g of full.coverageGaps ?? full.content?.coverageGaps ?? []) {
        const code = g.responsibilityId.split('-')[1] ?? '';
        const area = AREAS.find((a) => a.code === code)?.label ?? code;
        gaps.set(area, (gaps.get(area) ?? 0) + 1);
      }
      return { region: r, digest, gaps };
    }),
  );
  const rows = latest.map(({ region, digest }) => [
    link(`/app/commitments?region=${region.id}`, region.name),
    digest ? esc(digest.totals.open ?? 0) : '–',
    digest ? esc(digest.totals.overdue ?? 0) : '–',
    digest ? esc(digest.totals.escalated ?? 0) : '–',
    digest ? esc(digest.totals.coverageGaps ?? 0) : '–',
    digest ? link(`/app/reports/${digest.id}`, digest.period) : 'No final digest yet',
  ]);
  const areas = [...new Set(latest.flatMap((l) => [...l.gaps.keys()]))].sort();
  const gapRows = areas.map((area) => [esc(area), ...latest.map((l) => esc(l.gaps.get(area) ?? 0))]);
  render(
    'Regions',
    `<h1>Regions side by side</h1><p>From each region's latest final weekly digest. Choose a region to see its commitments and drill down to its ICSs.</p>${table(
      {
        caption: 'Each region at the end of its latest digest week',
        head: ['Region', 'Open', 'Overdue', 'Escalated', 'Coverage gaps', 'Digest'],
        rows,
      },
    )}<h2>Coverage gaps by responsibility area</h2>${
      gapRows.length
        ? `<div class="app-scroll" tabindex="0" role="region" aria-label="Coverage gaps by area and region">${table(
            {
              caption: 'Responsibilities nobody in the region has committed to, by area',
              head: ['Area', ...latest.map((l) => l.region.name)],
              rows: gapRows,
            },
          )}</div>`
        : '<p>No gaps in the latest digests.</p>'
    }`,
  );
}

// ---------------------------------------------------------------------------------- subscriptions

interface Subscription {
  id: string;
  email: string;
  scope: string;
  kind: string;
  status: string;
}

async function subscriptions(
  s: Session,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<void> {
  const { body } = await api<Page<Subscription>>('GET', '/subscriptions?limit=100');
  const scopes = [...units.values()].filter((u) => u.kind === 'national' || u.kind === 'region');
  const rows = body.items.map((sub) => [
    esc(sub.email),
    esc(sub.kind === 'report' ? 'Governance reports' : 'Weekly digests'),
    esc(unitName(sub.scope)),
    tag(
      sub.status === 'confirmed' ? 'completed' : 'not_started',
      sub.status === 'confirmed' ? 'confirmed' : 'awaiting confirmation',
    ),
    `<form method="post" action="/app/subscriptions/${esc(sub.id)}/delete" novalidate><button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">Unsubscribe<span class="nhsuk-u-visually-hidden"> ${esc(sub.email)} from ${esc(unitName(sub.scope))}</span></button></form>`,
  ]);
  render(
    'Subscriptions',
    `${errorSummary(errors)}<h1>Digests and reports by e-mail</h1>${
      rows.length
        ? table({
            caption: 'Your subscriptions',
            head: ['E-mail', 'What', 'Scope', 'Status', 'Action'],
            rows,
          })
        : '<p>You have no subscriptions.</p>'
    }<h2>Subscribe</h2><p>Each new final digest or report is e-mailed once. We send a link to confirm the address first.</p><form method="post" action="/app/subscriptions" novalidate>${input({ id: 'email', label: 'Work e-mail address', type: 'email', autocomplete: 'email', value: values.email, errors })}${radios(
      {
        id: 'kind',
        legend: 'What to receive',
        value: values.kind ?? 'digest',
        options: [
          { value: 'digest', text: 'Weekly digests' },
          { value: 'report', text: 'Governance reports' },
        ],
        errors,
      },
    )}${select({
      id: 'scope',
      label: 'For',
      value: values.scope ?? digestScope(s) ?? 'national',
      options: scopes.map((u) => ({ value: u.id, text: u.name })),
      errors,
    })}${button('Subscribe')}</form>`,
  );
}

async function submitSubscription(s: Session, form: FormData): Promise<void> {
  const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v).trim()]));
  if (!values.email)
    return subscriptions(s, [{ id: 'email', message: 'Enter your work e-mail address' }], values);
  try {
    await api('POST', '/subscriptions', { email: values.email, kind: values.kind, scope: values.scope });
    flash = {
      title: 'Check your e-mail',
      text: `We sent a link to ${values.email}: the subscription starts when you confirm it.`,
    };
    navigate('/app/subscriptions');
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    return subscriptions(s, fieldErrors(error, { email: 'email', kind: 'kind', scope: 'scope' }), values);
  }
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
  const period = weekLabel(londonDate(new Date()));
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
    if (path === '/app/import') return importForm();
    if (path === '/app/handover') return handoverForm(s);
    if (path === '/app/regions') return await regionsOverview();
    if (path === '/app/subscriptions') return await subscriptions(s);
    const edit = /^\/app\/commitments\/([^/]+)\/edit$/.exec(path);
    if (edit?.[1]) return await editCommitment(decodeURIComponent(edit[1]));
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
      const q = new URLSearchParams(
        [...data]
          .filter(([, v]) => String(v).trim() !== '')
          .map(([k, v]): [string, string] => {
            const value = String(v).trim();
            // The unit choice is one control for two filters: unit:<id> or region:<id>.
            return k === 'where' ? (value.split(':', 2) as [string, string]) : [k, value];
          }),
      );
      return navigate(`${target.pathname}${q.size ? `?${q}` : ''}`);
    }
    if (target.pathname === '/app/commitments/new') return await submitNewCommitment(s, data);
    if (target.pathname === '/app/import') return await submitImportCheck(data);
    if (target.pathname === '/app/import/confirm') return await submitImport();
    if (target.pathname === '/app/handover') return await submitHandover(s, data);
    if (target.pathname === '/app/subscriptions') return await submitSubscription(s, data);
    const unsubscribe = /^\/app\/subscriptions\/([^/]+)\/delete$/.exec(target.pathname);
    if (unsubscribe?.[1]) {
      await api('DELETE', `/subscriptions/${encodeURIComponent(decodeURIComponent(unsubscribe[1]))}`);
      flash = { title: 'Unsubscribed', text: 'You will get no more e-mails for that subscription.' };
      return navigate('/app/subscriptions');
    }
    const edit = /^\/app\/commitments\/([^/]+)\/edit$/.exec(target.pathname);
    if (edit?.[1]) return await submitEdit(decodeURIComponent(edit[1]), data);
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
