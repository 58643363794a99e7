import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Customer } from '../../model/customer.js';
import type { FieldIssue } from '../../model/errors.js';
import type { FieldDefinition } from '../../model/field-sets.js';
import { inspectDataElements, type InspectedElement } from '../../model/validation.js';
import type { FieldSetRegistry } from '../../model/field-sets.js';
import { TAGS, dataFieldsOf, issueInput, type FieldGroup } from './field-groups.js';
import { displayValue, fieldLabel } from './field-text.js';
import { valuesOf, type FormValues } from './form-values.js';

/** What the form's inputs show. */
export interface FormState {
  readonly values: FormValues;
  /** Problems found in what was typed or sent: each shows next to its input. */
  readonly issues: readonly FieldIssue[];
  /** The customer as stored when editing began; undefined when creating. */
  readonly editing: Customer | undefined;
  readonly locale: string | undefined;
  /** The agent typed into or chose in the input of `key` (a field id, or `tags`). */
  readonly onInput: (key: string, event: Event) => void;
}

/** A field's hint; `hidden` when the field holds a sensitive value the form does not show. */
function fieldHint(field: FieldDefinition | typeof TAGS, hidden: boolean): string | undefined {
  if (field === TAGS) return msg('One tag per line.');
  const hints: string[] = [];
  if (field.format === 'language') hints.push(msg('A language tag, such as en-US or fr-CA.'));
  if (field.format === 'date') hints.push(msg('A date, such as 1990-04-17.'));
  if (field.format === 'url') hints.push(msg('A web address starting with https://.'));
  if (field.required) hints.push(msg('Required.'));
  if (field.maxLength !== undefined) hints.push(msg(str`At most ${field.maxLength} characters.`));
  if (hidden) hints.push(msg('Hidden. Type a new value to replace it.'));
  return hints.length ? hints.join(' ') : undefined;
}

function inputType(field: FieldDefinition): string {
  switch (field.format) {
    case 'phone':
      return 'tel';
    case 'email':
      return 'email';
    case 'url':
      return 'url';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

function renderField(field: FieldDefinition | typeof TAGS, issue: FieldIssue | undefined, form: FormState) {
  const key = field === TAGS ? TAGS : field.id;
  const id = `field-${key}`;
  // Only a stored value is hidden: a new customer, or one without it, has nothing to replace.
  const stored = field !== TAGS && field.sensitive ? form.editing?.dataElements?.[field.id] : undefined;
  const hidden = stored !== undefined && stored !== null && stored !== '';
  const hint = fieldHint(field, hidden);
  const describedBy = [hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const invalid = issue ? 'true' : 'false';
  const onInput = (event: Event) => form.onInput(key, event);
  const label = field === TAGS ? msg('Tags') : fieldLabel(field.id, field, form.locale);
  const wide = field === TAGS ? true : key.startsWith('Context_Street') || (field.maxLength ?? 0) > 100;
  let control;
  if (field === TAGS) {
    control = html`<textarea
      id=${id}
      name=${key}
      rows="3"
      dir="auto"
      aria-invalid=${invalid}
      aria-describedby=${describedBy ?? nothing}
      .value=${live(form.values[TAGS] ?? '')}
      @input=${onInput}
    ></textarea>`;
  } else if (field.dataType === 'boolean' || field.format === 'enum') {
    const options: readonly (readonly [string, string])[] =
      field.dataType === 'boolean' ? [['true', msg('Yes')], ['false', msg('No')]] : (field.options ?? []).map((option) => [option, option] as const);
    const current = form.values[key] ?? '';
    control = html`<select
      id=${id}
      name=${key}
      aria-invalid=${invalid}
      aria-required=${field.required ? 'true' : nothing}
      aria-describedby=${describedBy ?? nothing}
      @change=${onInput}
    >
      <option value="" ?selected=${current === ''}>${msg('Not given')}</option>
      ${options.map(([value, text]) => html`<option value=${value} ?selected=${current === value}>${text}</option>`)}
      ${current && !options.some(([value]) => value === current) ? html`<option value=${current} selected>${current}</option>` : nothing}
    </select>`;
  } else {
    control = html`<input
      id=${id}
      name=${key}
      type=${inputType(field)}
      dir=${field.format === 'phone' ? 'ltr' : 'auto'}
      inputmode=${field.dataType === 'double' || field.dataType === 'integer' ? 'decimal' : nothing}
      autocomplete="off"
      aria-invalid=${invalid}
      aria-required=${field.required ? 'true' : nothing}
      aria-describedby=${describedBy ?? nothing}
      placeholder=${hidden ? '••••••' : nothing}
      .value=${live(form.values[key] ?? '')}
      @input=${onInput}
    />`;
  }
  return html`<div class="field ${wide ? 'wide' : ''}">
    <label for=${id}>${label}</label>
    ${control} ${hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
    ${issue ? html`<p id="${id}-error" class="field-error">${issue.message}</p>` : nothing}
  </div>`;
}

/** The form's inputs, one fieldset per group, each with its hint and its problem. */
export function renderFieldGroups(groups: readonly FieldGroup[], form: FormState): TemplateResult[] {
  const fields = dataFieldsOf(groups);
  return groups.map(
    (group) => html`<fieldset>
      <legend>${group.legend}</legend>
      ${group.fields.map((field) => {
        const key = field === TAGS ? TAGS : field.id;
        return renderField(field, form.issues.find((candidate) => issueInput(candidate, fields) === key), form);
      })}
    </fieldset>`,
  );
}

/** Data that fits none of the form's fields: kept as it is, and said so. */
export function renderKept(unknown: readonly InspectedElement[], locale: string | undefined) {
  if (!unknown.length) return nothing;
  return html`<div class="kept" role="group" aria-labelledby="kept-heading">
    <p id="kept-heading">${msg('Not in the field sets, kept as they are:')}</p>
    <dl>
      ${unknown.map((element) => html`<div><dt>${element.key}</dt><dd><bdi>${displayValue(element.value, undefined, locale)}</bdi></dd></div>`)}
    </dl>
  </div>`;
}

/** The problems that belong to none of the form's `fields` (nor the tags): together, above the buttons. */
export function renderOtherIssues(issues: readonly FieldIssue[], fields: readonly FieldDefinition[]) {
  const other = issues.filter((issue) => !issueInput(issue, fields));
  if (!other.length) return nothing;
  return html`<div part="error" role="alert">
    ${other.map((issue) => html`<p>${issue.path ? `${issue.path}: ` : ''}${issue.message}</p>`)}
  </div>`;
}

export interface ConflictChoices {
  readonly onLoadTheirs: () => void;
  readonly onOverwrite: () => void;
}

/**
 * The notice that someone else changed the customer while the agent edited `base`: what they
 * changed (by the form's `fields`' labels), and the two choices.
 */
export function renderConflict(
  current: Customer,
  base: Customer | undefined,
  fields: readonly FieldDefinition[],
  locale: string | undefined,
  choices: ConflictChoices,
): TemplateResult {
  const before = valuesOf(base, fields);
  const theirs = valuesOf(current, fields);
  const labelOf = (key: string) => (key === TAGS ? msg('Tags') : fieldLabel(key, fields.find((field) => field.id === key), locale));
  // A sensitive value reads empty in the form: compare what is stored.
  const changed = Object.keys(theirs)
    .filter((key) => {
      const field = fields.find((candidate) => candidate.id === key);
      return field?.sensitive ? current.dataElements[key] !== base?.dataElements[key] : theirs[key] !== before[key];
    })
    .map(labelOf);
  const list = new Intl.ListFormat(locale, { type: 'conjunction' }).format(changed);
  return html`<div part="conflict" role="alert">
    <p><strong>${msg('Someone else changed this customer while you were editing.')}</strong></p>
    ${changed.length ? html`<p>${msg(str`They changed: ${list}.`)}</p>` : nothing}
    <div class="choices">
      <button id="load-theirs" type="button" @click=${choices.onLoadTheirs}>${msg('Load their changes')}</button>
      <button type="button" @click=${choices.onOverwrite}>${msg('Overwrite with mine')}</button>
    </div>
  </div>`;
}

/** The whole form as the summary shows it: what it holds, and where each of the agent's steps goes. */
export interface SummaryForm extends FormState, ConflictChoices {
  readonly heading: string;
  readonly creating: boolean;
  readonly groups: readonly FieldGroup[];
  /** The customer edited, as shown now (undefined when creating): their data that fits none of `setIds` is kept, shown apart. */
  readonly customer: Customer | undefined;
  readonly setIds: readonly string[];
  readonly registry: FieldSetRegistry;
  /** What is stored now, when a save met someone else's change. */
  readonly conflict: Customer | undefined;
  /** Between the fields and the buttons: a failure to save, the duplicates question, "Saving…". */
  readonly notices: unknown;
  readonly onSubmit: (event: SubmitEvent) => void;
  readonly onKeyDown: (event: KeyboardEvent) => void;
  readonly onCancel: () => void;
}

/** The edit or create form: its fields by group, what is kept, the problems, a conflict and the buttons. */
export function renderSummaryForm(form: SummaryForm): TemplateResult {
  const fields = dataFieldsOf(form.groups);
  const unknown = form.customer ? inspectDataElements(form.setIds, form.customer.dataElements, form.registry).filter((element) => !element.definition) : [];
  return html`<section aria-labelledby="form-heading">
    <h2 id="form-heading">${form.heading}</h2>
    <form novalidate aria-labelledby="form-heading" @submit=${form.onSubmit} @keydown=${form.onKeyDown}>
      ${renderFieldGroups(form.groups, form)} ${renderKept(unknown, form.locale)} ${renderOtherIssues(form.issues, fields)}
      ${form.conflict ? renderConflict(form.conflict, form.editing, fields, form.locale, form) : nothing} ${form.notices}
      <div class="actions">
        <button type="submit" class="primary">${form.creating ? msg('Create customer') : msg('Save')}</button>
        <button type="button" @click=${form.onCancel}>${msg('Cancel')}</button>
      </div>
    </form>
  </section>`;
}
