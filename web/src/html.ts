/**
 * nhsuk-frontend components as HTML strings (the markup its Nunjucks macros produce), every value
 * escaped. Pages are built from these and nothing else, so they look and behave as the design system
 * prescribes.
 */
export const esc = (v: unknown): string =>
  String(v ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** Raw HTML already built from escaped parts. */
export type Html = string & { readonly __html?: true };

export interface FieldError {
  /** The form control's id (the error summary links to it). */
  id: string;
  message: string;
}

export const errorSummary = (errors: FieldError[]): Html =>
  errors.length
    ? `<div class="nhsuk-error-summary" data-module="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"><h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2><div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list">${errors
        .map((e) => `<li><a href="#${esc(e.id)}">${esc(e.message)}</a></li>`)
        .join('')}</ul></div></div>`
    : '';

const errorFor = (id: string, errors: FieldError[]) => errors.find((e) => e.id === id);
const errorMessage = (id: string, errors: FieldError[]): Html => {
  const error = errorFor(id, errors);
  return error
    ? `<span class="nhsuk-error-message" id="${esc(id)}-error"><span class="nhsuk-u-visually-hidden">Error:</span> ${esc(error.message)}</span>`
    : '';
};
const group = (id: string, errors: FieldError[], inner: Html): Html =>
  `<div class="nhsuk-form-group${errorFor(id, errors) ? ' nhsuk-form-group--error' : ''}">${inner}</div>`;
const describedBy = (id: string, hint: string | undefined, errors: FieldError[]) => {
  const ids = [hint ? `${id}-hint` : '', errorFor(id, errors) ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
};
const hintHtml = (id: string, hint?: string): Html =>
  hint ? `<div class="nhsuk-hint" id="${esc(id)}-hint">${esc(hint)}</div>` : '';

export function input(o: {
  id: string;
  label: string;
  value?: string;
  hint?: string;
  type?: string;
  width?: number;
  errors: FieldError[];
  autocomplete?: string;
  inputmode?: string;
}): Html {
  const error = errorFor(o.id, o.errors);
  return group(
    o.id,
    o.errors,
    `<label class="nhsuk-label" for="${esc(o.id)}">${esc(o.label)}</label>${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.errors)}<input class="nhsuk-input${o.width ? ` nhsuk-input--width-${o.width}` : ''}${error ? ' nhsuk-input--error' : ''}" id="${esc(o.id)}" name="${esc(o.id)}" type="${esc(o.type ?? 'text')}" value="${esc(o.value ?? '')}"${o.autocomplete ? ` autocomplete="${esc(o.autocomplete)}"` : ''}${o.inputmode ? ` inputmode="${esc(o.inputmode)}"` : ''}${describedBy(o.id, o.hint, o.errors)}>`,
  );
}

export function textarea(o: {
  id: string;
  label: string;
  value?: string;
  hint?: string;
  errors: FieldError[];
}): Html {
  const error = errorFor(o.id, o.errors);
  return group(
    o.id,
    o.errors,
    `<label class="nhsuk-label" for="${esc(o.id)}">${esc(o.label)}</label>${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.errors)}<textarea class="nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}" id="${esc(o.id)}" name="${esc(o.id)}" rows="4"${describedBy(o.id, o.hint, o.errors)}>${esc(o.value ?? '')}</textarea>`,
  );
}

export function select(o: {
  id: string;
  label: string;
  options: Array<{ value: string; text: string; group?: string }>;
  value?: string;
  hint?: string;
  errors: FieldError[];
}): Html {
  const error = errorFor(o.id, o.errors);
  const groups = new Map<string, typeof o.options>();
  for (const opt of o.options) groups.set(opt.group ?? '', [...(groups.get(opt.group ?? '') ?? []), opt]);
  const option = (opt: { value: string; text: string }) =>
    `<option value="${esc(opt.value)}"${opt.value === (o.value ?? '') ? ' selected' : ''}>${esc(opt.text)}</option>`;
  const body = [...groups]
    .map(([label, opts]) =>
      label
        ? `<optgroup label="${esc(label)}">${opts.map(option).join('')}</optgroup>`
        : opts.map(option).join(''),
    )
    .join('');
  return group(
    o.id,
    o.errors,
    `<label class="nhsuk-label" for="${esc(o.id)}">${esc(o.label)}</label>${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.errors)}<select class="nhsuk-select${error ? ' nhsuk-select--error' : ''}" id="${esc(o.id)}" name="${esc(o.id)}"${describedBy(o.id, o.hint, o.errors)}>${body}</select>`,
  );
}

/** The date input: day, month and year boxes (the design system's pattern for known dates). */
export function dateInput(o: {
  id: string;
  legend: string;
  value?: string;
  hint?: string;
  errors: FieldError[];
}): Html {
  const [year, month, day] = (o.value ?? '').split('-');
  const error = errorFor(o.id, o.errors);
  const box = (part: string, label: string, value: string | undefined, width: number) =>
    `<div class="nhsuk-date-input__item"><div class="nhsuk-form-group"><label class="nhsuk-label nhsuk-date-input__label" for="${esc(o.id)}-${part}">${label}</label><input class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${error ? ' nhsuk-input--error' : ''}" id="${esc(o.id)}-${part}" name="${esc(o.id)}-${part}" type="text" inputmode="numeric" value="${esc(value ?? '')}"></div></div>`;
  return group(
    `${o.id}-day`,
    o.errors.map((e) => (e.id === o.id ? { ...e, id: `${o.id}-day` } : e)),
    `<fieldset class="nhsuk-fieldset" role="group"${describedBy(o.id, o.hint, o.errors)}><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${esc(o.legend)}</legend>${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.errors)}<div class="nhsuk-date-input" id="${esc(o.id)}">${box('day', 'Day', day, 2)}${box('month', 'Month', month, 2)}${box('year', 'Year', year, 4)}</div></fieldset>`,
  );
}

export function radios(o: {
  id: string;
  legend: string;
  options: Array<{ value: string; text: string; hint?: string }>;
  value?: string;
  hint?: string;
  errors: FieldError[];
  inline?: boolean;
}): Html {
  const items = o.options
    .map(
      (opt, i) =>
        `<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="${esc(o.id)}-${i}" name="${esc(o.id)}" type="radio" value="${esc(opt.value)}"${opt.value === o.value ? ' checked' : ''}${opt.hint ? ` aria-describedby="${esc(o.id)}-${i}-hint"` : ''}><label class="nhsuk-label nhsuk-radios__label" for="${esc(o.id)}-${i}">${esc(opt.text)}</label>${opt.hint ? `<div class="nhsuk-hint nhsuk-radios__hint" id="${esc(o.id)}-${i}-hint">${esc(opt.hint)}</div>` : ''}</div>`,
    )
    .join('');
  return group(
    o.id,
    o.errors,
    `<fieldset class="nhsuk-fieldset"${describedBy(o.id, o.hint, o.errors)}><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${esc(o.legend)}</legend>${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.errors)}<div class="nhsuk-radios${o.inline ? ' nhsuk-radios--inline' : ''}" id="${esc(o.id)}">${items}</div></fieldset>`,
  );
}

export const button = (text: string, o: { secondary?: boolean; type?: string } = {}): Html =>
  `<button class="nhsuk-button${o.secondary ? ' nhsuk-button--secondary' : ''}" data-module="nhsuk-button" type="${o.type ?? 'submit'}">${esc(text)}</button>`;

export const link = (href: string, text: string): Html =>
  `<a class="nhsuk-link" href="${esc(href)}">${esc(text)}</a>`;

const TAG_COLOUR: Record<string, string> = {
  red: 'red',
  amber: 'orange',
  green: 'green',
  overdue: 'red',
  off_track: 'red',
  at_risk: 'orange',
  on_track: 'green',
  completed: 'grey',
  cancelled: 'grey',
  not_started: 'white',
};
/** A tag: always words, so nothing is told by colour alone. */
export const tag = (value: string, words = value.replaceAll('_', ' ')): Html =>
  `<strong class="nhsuk-tag nhsuk-tag--${TAG_COLOUR[value] ?? 'grey'}">${esc(words)}</strong>`;

/**
 * A responsive table: at narrow widths each row stacks, each cell led by its column heading (so a
 * 320 px screen needs no sideways scrolling).
 */
export function table(o: { caption: string; head: string[]; rows: Html[][] }): Html {
  return `<table class="nhsuk-table-responsive"><caption class="nhsuk-table__caption">${esc(o.caption)}</caption><thead class="nhsuk-table__head"><tr role="row">${o.head
    .map((h) => `<th role="columnheader" class="nhsuk-table__header" scope="col">${esc(h)}</th>`)
    .join('')}</tr></thead><tbody class="nhsuk-table__body">${o.rows
    .map(
      (r) =>
        `<tr role="row" class="nhsuk-table__row">${r
          .map(
            (cell, i) =>
              `<td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">${esc(o.head[i])} </span>${cell}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

export function summaryList(rows: Array<[string, Html]>): Html {
  return `<dl class="nhsuk-summary-list">${rows
    .map(
      ([k, v]) =>
        `<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">${esc(k)}</dt><dd class="nhsuk-summary-list__value">${v}</dd></div>`,
    )
    .join('')}</dl>`;
}

export const banner = (title: string, text: string): Html =>
  `<div class="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="banner-title" data-module="nhsuk-notification-banner"><div class="nhsuk-notification-banner__header"><h2 class="nhsuk-notification-banner__title" id="banner-title">${esc(title)}</h2></div><div class="nhsuk-notification-banner__content"><p class="nhsuk-notification-banner__heading">${esc(text)}</p></div></div>`;

export const backLink = (href: string, text = 'Back'): Html =>
  `<div class="nhsuk-back-link"><a class="nhsuk-back-link__link" href="${esc(href)}">${esc(text)}</a></div>`;
