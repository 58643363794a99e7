import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FieldIssue } from '../../model/errors.js';
import { FIELD_SET_TARGETS, FIELD_TYPES, type FieldSetTarget, type FieldType } from '../../model/field-sets.js';
import { fieldName, issueAt, type DraftField, type DraftSet } from './field-set-draft.js';

/** The languages the editor asks labels in: the gadget's own. Labels in others, from a loaded JSON, are kept. */
const LABEL_LANGUAGES = ['en', 'fr'] as const;
type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

function typeName(type: FieldType): string {
  switch (type) {
    case 'string':
      return msg('Text');
    case 'number':
      return msg('Number');
    case 'boolean':
      return msg('Yes or no');
    case 'date':
      return msg('Date');
    case 'enum':
      return msg('One of a list');
    case 'phone':
      return msg('Phone');
    case 'email':
      return msg('Email');
    case 'url':
      return msg('Web address');
  }
}

function targetName(target: FieldSetTarget): string {
  switch (target) {
    case 'customer':
      return msg('Customers');
    case 'activity':
      return msg('Activities');
    case 'request':
      return msg('Requests');
  }
}

function languageName(language: LabelLanguage): string {
  return language === 'en' ? msg('Label in English') : msg('Label in French');
}

/** What a field's controls ask of the editor. */
export interface FieldEdits {
  /** The field of `key` changed. */
  readonly onChange: (key: number, change: Partial<DraftField>) => void;
  /** Moves the field of `key` up (-1) or down (1). */
  readonly onMove: (key: number, by: -1 | 1) => void;
  readonly onRemove: (key: number) => void;
}

/** The set's own controls: its id, what it is for, and its labels. */
export function renderSetControls(draft: DraftSet, issues: readonly FieldIssue[], onChange: (change: Partial<DraftSet>) => void) {
  const idIssue = issueAt(issues, 'fieldSets.0.id');
  return html`<fieldset>
    <legend>${msg('The set')}</legend>
    <div class="control">
      <label for="set-id">${msg('Set id')}</label>
      <input
        id="set-id"
        autocomplete="off"
        spellcheck="false"
        aria-invalid=${idIssue ? 'true' : 'false'}
        aria-describedby=${idIssue ? 'set-id-error' : 'set-id-hint'}
        .value=${live(draft.id)}
        @input=${(event: Event) => onChange({ id: (event.target as HTMLInputElement).value })}
      />
      ${idIssue
        ? html`<p id="set-id-error" class="error">${idIssue.message}</p>`
        : html`<p id="set-id-hint" class="hint">${msg('Such as acme.rider: your organisation, a dot, a name.')}</p>`}
    </div>
    <div class="control">
      <label for="set-target">${msg('For')}</label>
      <select
        id="set-target"
        @change=${(event: Event) => onChange({ appliesTo: (event.target as HTMLSelectElement).value as FieldSetTarget })}
      >
        ${FIELD_SET_TARGETS.map((target) => html`<option value=${target} ?selected=${target === draft.appliesTo}>${targetName(target)}</option>`)}
      </select>
    </div>
    ${LABEL_LANGUAGES.map(
      (language) => html`<div class="control">
        <label for="set-label-${language}">${languageName(language)}</label>
        <input
          id="set-label-${language}"
          lang=${language}
          autocomplete="off"
          .value=${live(draft.labels[language] ?? '')}
          @input=${(event: Event) => onChange({ labels: { ...draft.labels, [language]: (event.target as HTMLInputElement).value } })}
        />
      </div>`,
    )}
  </fieldset>`;
}

/** One field's controls, by its `index` among `count`, each with its hint or its problem, and the buttons that move and remove it. */
export function renderFieldControls(field: DraftField, index: number, count: number, issues: readonly FieldIssue[], edit: FieldEdits) {
  const name = fieldName(field, index);
  const base = `field-${field.key}`;
  const path = `fieldSets.0.fields.${index}`;
  const control = (prop: string, label: string, input: (id: string, invalid: boolean, describedBy?: string) => unknown, hint?: string, wide = false) => {
    const issue = issueAt(issues, `${path}.${prop}`);
    const id = `${base}-${prop}`;
    const describedBy = issue ? `${id}-error` : hint ? `${id}-hint` : undefined;
    return html`<div class="control ${wide ? 'wide' : ''}">
      <label for=${id}>${label}</label>
      ${input(id, issue !== undefined, describedBy)}
      ${issue ? html`<p id="${id}-error" class="error">${issue.message}</p>` : hint ? html`<p id="${id}-hint" class="hint">${hint}</p>` : nothing}
    </div>`;
  };
  const text = (prop: 'id' | 'maxLength', value: string, extra: Record<string, string> = {}) => (id: string, invalid: boolean, describedBy?: string) =>
    html`<input
      id=${id}
      autocomplete="off"
      spellcheck="false"
      inputmode=${extra['inputmode'] ?? nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy ?? nothing}
      .value=${live(value)}
      @input=${(event: Event) => edit.onChange(field.key, { [prop]: (event.target as HTMLInputElement).value })}
    />`;
  const labelIssue = issueAt(issues, `${path}.label`);
  return html`<fieldset aria-describedby=${labelIssue ? `${base}-label-error` : nothing}>
    <legend>${name}</legend>
    ${control('id', msg('Field id'), text('id', field.id), msg('Letters, digits and _, starting with a letter.'))}
    ${control('type', msg('Type'), (id) => html`<select
      id=${id}
      @change=${(event: Event) => edit.onChange(field.key, { type: (event.target as HTMLSelectElement).value as FieldType })}
    >
      ${FIELD_TYPES.map((type) => html`<option value=${type} ?selected=${type === field.type}>${typeName(type)}</option>`)}
    </select>`)}
    ${LABEL_LANGUAGES.map((language) =>
      control(`label.${language}`, languageName(language), (id, invalid, describedBy) => html`<input
        id=${id}
        lang=${language}
        autocomplete="off"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy ?? nothing}
        .value=${live(field.labels[language] ?? '')}
        @input=${(event: Event) => edit.onChange(field.key, { labels: { ...field.labels, [language]: (event.target as HTMLInputElement).value } })}
      />`),
    )}
    ${field.type === 'string' ? control('maxLength', msg('Maximum length'), text('maxLength', field.maxLength, { inputmode: 'numeric' }), msg('Characters; empty for 2000.')) : nothing}
    ${field.type === 'enum'
      ? control(
          'options',
          msg('Options'),
          (id, invalid, describedBy) => html`<textarea
            id=${id}
            rows="3"
            aria-invalid=${invalid ? 'true' : 'false'}
            aria-describedby=${describedBy ?? nothing}
            .value=${live(field.options)}
            @input=${(event: Event) => edit.onChange(field.key, { options: (event.target as HTMLTextAreaElement).value })}
          ></textarea>`,
          msg('One option per line.'),
          true,
        )
      : nothing}
    ${renderCheck(field, edit, 'required', msg('Required'))} ${renderCheck(field, edit, 'sensitive', msg('Sensitive: masked until revealed'))}
    ${labelIssue ? html`<p id="${base}-label-error" class="error wide">${labelIssue.message}</p>` : nothing}
    <div class="row-actions">
      <button type="button" data-move="up" ?disabled=${index === 0} @click=${() => edit.onMove(field.key, -1)}>
        ${msg('Move up')}<span class="visually-hidden">: ${name}</span>
      </button>
      <button type="button" data-move="down" ?disabled=${index === count - 1} @click=${() => edit.onMove(field.key, 1)}>
        ${msg('Move down')}<span class="visually-hidden">: ${name}</span>
      </button>
      <button type="button" class="danger" @click=${() => edit.onRemove(field.key)}>
        ${msg('Remove')}<span class="visually-hidden">: ${name}</span>
      </button>
    </div>
  </fieldset>`;
}

function renderCheck(field: DraftField, edit: FieldEdits, prop: 'required' | 'sensitive', label: string) {
  const id = `field-${field.key}-${prop}`;
  return html`<div class="control check">
    <input
      id=${id}
      type="checkbox"
      .checked=${live(field[prop])}
      @change=${(event: Event) => edit.onChange(field.key, { [prop]: (event.target as HTMLInputElement).checked })}
    />
    <label for=${id}>${label}</label>
  </div>`;
}
