import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { LayoutBuilderMode } from '../../events/layout-result-event.js';
import { DEFAULT_LABELS, GADGET_URL_PRESETS, ROLES, THIRD_PARTY_FOLDER } from '../../layout/index.js';
import {
  GADGET_CHOICES,
  SNIPPET_STYLES,
  optionProblems,
  withRole,
  type Field,
  type GadgetChoice,
  type LayoutForm,
  type ParamRow,
  type SnippetStyle,
  type TextField,
} from './form.js';

/** Beyond this many tabs the position is typed rather than chosen from a list. */
const MAX_TAB_CHOICES = 200;

/** What the options panel shows, and where the person's changes go. */
export interface OptionsPanel {
  readonly mode: LayoutBuilderMode;
  readonly form: LayoutForm;
  /** The ids of the tabs in the current layout: where the new tab can go. */
  readonly tabs: readonly string[];
  readonly attributesShown: boolean;
  readonly numbers: Intl.NumberFormat;
  /** A change to the options, or one worked out from them as they are when the person makes it. */
  readonly onEdit: (change: Partial<LayoutForm> | ((form: LayoutForm) => Partial<LayoutForm>)) => void;
  readonly onAddParam: () => void;
  readonly onRemoveParam: (id: number) => void;
  readonly onToggleAttributes: () => void;
}

/** The options: the roles and tab id, and (unless removing) the label, gadget, parameters, position and attributes. */
export function renderOptionsPanel(panel: OptionsPanel): TemplateResult {
  const { mode } = panel;
  const problems = optionProblems(panel.form, panel.mode);
  return html`<section class="panel options" aria-labelledby="options-heading">
    <h3 id="options-heading">${msg('Options')}</h3>
    ${mode === 'snippet' ? renderSnippetStyle(panel) : nothing} ${renderRoles(panel, problems)}
    ${renderText(panel, problems, 'tabId', msg('Tab id'), {
      hint: msg('Letters, digits, -, _, : and . (starting with a letter); unique in each role’s layout.'),
      required: true,
    })}
    ${mode === 'remove'
      ? nothing
      : html`${renderText(panel, problems, 'label', msg('Label'), {
            hint: msg(
              str`A translation key or plain text. Leave empty for the stock keys: ${DEFAULT_LABELS.Agent} and, for supervisors, ${DEFAULT_LABELS.Supervisor}.`,
            ),
          })}
          ${renderGadget(panel, problems)} ${renderParams(panel, problems)} ${mode === 'add' ? renderPosition(panel) : nothing}
          ${renderAttributes(panel, problems)}`}
  </section>`;
}

function renderRoles(panel: OptionsPanel, problems: ReadonlyMap<Field, string>) {
  const problem = problems.get('roles');
  const snippet = panel.mode === 'snippet';
  const described = [snippet ? 'roles-hint' : '', problem ? 'roles-problem' : ''].filter(Boolean).join(' ');
  return html`<fieldset aria-describedby=${described || nothing}>
    <legend>${msg('Roles')}</legend>
    ${snippet ? html`<p class="hint" id="roles-hint">${msg('The snippet’s default label is the first role’s.')}</p>` : nothing}
    ${ROLES.map(
      (role) => html`<label class="choice">
        <input
          type="checkbox"
          name="roles"
          value=${role}
          .checked=${live(panel.form.roles.includes(role))}
          @change=${(event: Event) => {
            const { checked } = event.target as HTMLInputElement;
            panel.onEdit((form) => ({ roles: withRole(form.roles, role, checked) }));
          }}
        />
        ${role === 'Agent' ? msg('Agent') : msg('Supervisor')}
      </label>`,
    )}
    ${problem ? html`<p class="problem" id="roles-problem">${problem}</p>` : nothing}
  </fieldset>`;
}

function renderSnippetStyle(panel: OptionsPanel) {
  const labels: Record<SnippetStyle, string> = {
    gadgets: msg('Gadgets directly in the tab (older layouts)'),
    columns: msg('Columns (newer layouts)'),
  };
  return html`<fieldset>
    <legend>${msg('Snippet style')}</legend>
    ${SNIPPET_STYLES.map(
      (style) => html`<label class="choice">
        <input
          type="radio"
          name="snippet-style"
          value=${style}
          .checked=${live(panel.form.snippetStyle === style)}
          @change=${() => panel.onEdit({ snippetStyle: style })}
        />
        ${labels[style]}
      </label>`,
    )}
  </fieldset>`;
}

function renderText(
  panel: OptionsPanel,
  problems: ReadonlyMap<Field, string>,
  field: TextField,
  label: string,
  options: { hint?: string; required?: boolean; placeholder?: string; type?: string; inputmode?: string } = {},
) {
  const problem = problems.get(field);
  const described = [options.hint ? `${field}-hint` : '', problem ? `${field}-problem` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
    <label class="field-label" for=${field}>${label}</label>
    ${options.hint ? html`<p class="hint" id=${`${field}-hint`}>${options.hint}</p>` : nothing}
    <input
      id=${field}
      type=${options.type ?? 'text'}
      inputmode=${options.inputmode ?? nothing}
      .value=${live(panel.form[field])}
      placeholder=${options.placeholder ?? nothing}
      spellcheck="false"
      autocomplete="off"
      ?required=${options.required ?? false}
      aria-invalid=${problem ? 'true' : 'false'}
      aria-describedby=${described || nothing}
      @input=${(event: Event) => panel.onEdit({ [field]: (event.target as HTMLInputElement).value })}
    />
    ${problem ? html`<p class="problem" id=${`${field}-problem`}>${problem}</p>` : nothing}
  </div>`;
}

function renderGadget(panel: OptionsPanel, problems: ReadonlyMap<Field, string>) {
  const choices: Record<GadgetChoice, { label: string; url?: string }> = {
    contextService: { label: msg('Stock Context Service gadget'), url: GADGET_URL_PRESETS.contextService },
    customerContext: { label: msg('Stock Customer Context gadget'), url: GADGET_URL_PRESETS.customerContext },
    thirdParty: {
      label: msg('Our gadget, uploaded as a third-party gadget'),
      url: GADGET_URL_PRESETS.thirdParty(panel.form.folder.trim() || THIRD_PARTY_FOLDER),
    },
    custom: { label: msg('Another URL') },
  };
  return html`<fieldset>
    <legend>${msg('Gadget')}</legend>
    ${GADGET_CHOICES.map(
      (choice) => html`<label class="choice">
        <input
          type="radio"
          name="gadget"
          value=${choice}
          aria-describedby=${choices[choice].url ? `gadget-${choice}-url` : nothing}
          .checked=${live(panel.form.gadget === choice)}
          @change=${() => panel.onEdit({ gadget: choice })}
        />
        <span
          >${choices[choice].label}${choices[choice].url
            ? html`<code class="url" id=${`gadget-${choice}-url`}>${choices[choice].url}</code>`
            : nothing}</span
        >
      </label>`,
    )}
    ${panel.form.gadget === 'thirdParty'
      ? renderText(panel, problems, 'folder', msg('Folder on the Finesse server'), {
          hint: msg('The folder under /3rdpartygadget/files/ that holds ContextService.xml.'),
          required: true,
        })
      : nothing}
    ${panel.form.gadget === 'custom'
      ? renderText(panel, problems, 'customUrl', msg('Gadget URL'), {
          placeholder: 'https://gadgets.example.com/ContextService.xml',
          required: true,
          type: 'url',
        })
      : nothing}
  </fieldset>`;
}

function renderParams(panel: OptionsPanel, problems: ReadonlyMap<Field, string>) {
  return html`<fieldset class="params">
    <legend>${msg('Query parameters')}</legend>
    <p class="hint" id="params-hint">
      ${msg('Settings for the gadget, added to its URL and encoded for you: backend (the context store’s URL), timeout (ms).')}
    </p>
    <datalist id="param-names">
      <option value="backend"></option>
      <option value="timeout"></option>
      <option value="podIdKey"></option>
      <option value="locale"></option>
    </datalist>
    ${panel.form.params.length
      ? html`<ul class="param-rows">
          ${repeat(
            panel.form.params,
            (row) => row.id,
            (row, index) => renderParam(panel, problems, row, index),
          )}
        </ul>`
      : nothing}
    <button type="button" id="add-param" aria-describedby="params-hint" @click=${panel.onAddParam}>
      ${msg('Add parameter')}
    </button>
  </fieldset>`;
}

function renderParam(panel: OptionsPanel, problems: ReadonlyMap<Field, string>, row: ParamRow, index: number) {
  const number = index + 1;
  const problem = problems.get(`param-${row.id}`);
  return html`<li class="param">
    <span class="field">
      <label class="field-label" for=${`param-${row.id}-key`}
        >${msg('Name')}<span class="visually-hidden"> ${msg(str`of parameter ${number}`)}</span></label
      >
      <input
        id=${`param-${row.id}-key`}
        list="param-names"
        spellcheck="false"
        autocomplete="off"
        .value=${live(row.key)}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? `param-${row.id}-problem` : nothing}
        @input=${(event: Event) => setParam(panel, row.id, { key: (event.target as HTMLInputElement).value })}
      />
    </span>
    <span class="field">
      <label class="field-label" for=${`param-${row.id}-value`}
        >${msg('Value')}<span class="visually-hidden"> ${msg(str`of parameter ${number}`)}</span></label
      >
      <input
        id=${`param-${row.id}-value`}
        spellcheck="false"
        autocomplete="off"
        .value=${live(row.value)}
        @input=${(event: Event) => setParam(panel, row.id, { value: (event.target as HTMLInputElement).value })}
      />
    </span>
    <button type="button" class="remove" @click=${() => panel.onRemoveParam(row.id)}>
      ${msg('Remove')}<span class="visually-hidden"> ${msg(str`parameter ${row.key.trim() || number}`)}</span>
    </button>
    ${problem ? html`<p class="problem" id=${`param-${row.id}-problem`}>${problem}</p>` : nothing}
  </li>`;
}

function renderPosition(panel: OptionsPanel) {
  const handleAfter = (event: Event) => panel.onEdit({ afterTab: (event.target as HTMLSelectElement | HTMLInputElement).value.trim() });
  if (panel.tabs.length > MAX_TAB_CHOICES) {
    // A list of thousands of tabs helps nobody and costs seconds to build: ask for the id instead.
    return html`<div class="field">
      <label class="field-label" for="after">${msg('Position: after the tab with id')}</label>
      <p class="hint" id="after-hint">
        ${msg(str`The layout has ${panel.numbers.format(panel.tabs.length)} tabs. Leave empty to add the tab last.`)}
      </p>
      <input
        id="after"
        spellcheck="false"
        autocomplete="off"
        aria-describedby="after-hint"
        .value=${live(panel.form.afterTab)}
        @input=${handleAfter}
      />
    </div>`;
  }
  const known = panel.tabs.includes(panel.form.afterTab) || !panel.form.afterTab;
  return html`<div class="field">
    <label class="field-label" for="after">${msg('Position')}</label>
    <p class="hint" id="after-hint">${msg('The tabs found in the current layout.')}</p>
    <select id="after" aria-describedby="after-hint" @change=${handleAfter}>
      <option value="" ?selected=${!panel.form.afterTab}>${msg('Last')}</option>
      ${panel.tabs.map((tab) => html`<option value=${tab} ?selected=${panel.form.afterTab === tab}>${msg(str`After ${tab}`)}</option>`)}
      ${known
        ? nothing
        : html`<option value=${panel.form.afterTab} selected>${msg(str`After ${panel.form.afterTab} (not in this layout)`)}</option>`}
    </select>
  </div>`;
}

function renderAttributes(panel: OptionsPanel, problems: ReadonlyMap<Field, string>) {
  // A button and a hidden block rather than <details>: Chromium keeps a closed <details> display-locked,
  // and while any content is locked every selection change or paste in the current layout walks its
  // whole text (Ctrl+A on 2 MB held the page for a minute).
  return html`<div class="disclosure">
    <button
      type="button"
      class="disclosure-button"
      aria-expanded=${panel.attributesShown ? 'true' : 'false'}
      aria-controls="gadget-attributes"
      @click=${panel.onToggleAttributes}
    >
      ${msg('Gadget attributes (optional)')}
    </button>
    <div id="gadget-attributes" class="disclosure-body" ?hidden=${!panel.attributesShown}>
      ${renderText(panel, problems, 'gadgetId', msg('Gadget id'), {
        hint: msg('Unique across all gadgets and header components.'),
      })}
      <label class="choice">
        <input
          type="checkbox"
          .checked=${live(panel.form.gadgetHidden)}
          @change=${(event: Event) => panel.onEdit({ gadgetHidden: (event.target as HTMLInputElement).checked })}
        />
        ${msg('Hidden')}
      </label>
      ${renderText(panel, problems, 'alternateHosts', msg('Alternate hosts'), {
        hint: msg('Comma-separated host names; only for an absolute gadget URL.'),
      })}
      ${renderText(panel, problems, 'maxRows', msg('Maximum rows'), { inputmode: 'numeric' })}
    </div>
  </div>`;
}

function setParam(panel: OptionsPanel, id: number, change: Partial<Pick<ParamRow, 'key' | 'value'>>): void {
  panel.onEdit((form) => ({ params: form.params.map((row) => (row.id === id ? { ...row, ...change } : row)) }));
}
