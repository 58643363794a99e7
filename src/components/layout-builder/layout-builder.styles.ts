import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_panel: var(--cc-layout-builder-panel-background, ${token('color-surface-raised')});
    --_warning: var(--cc-layout-builder-warning-color, light-dark(#7a4100, #ffcc80));
    --_mono: var(--cc-layout-builder-font-family-code, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
    --_on-icon: ${token('color-surface')};
    background: var(--cc-layout-builder-background, ${token('color-surface')});
    line-height: 1.45;
  }

  h2 {
    margin: 0 0 ${token('space-2')};
    font-size: ${token('font-size-heading')};
  }

  h3 {
    margin: 0 0 ${token('space-3')};
    font-size: 1rem;
  }

  h4 {
    margin: 0 0 ${token('space-2')};
    font-size: inherit;
  }

  p {
    margin: 0;
  }

  .intro {
    max-width: 60rem;
    margin-block-end: ${token('space-4')};
    color: ${token('color-text-muted')};
  }

  form {
    display: grid;
    gap: ${token('space-4')};
  }

  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
    gap: ${token('space-4')};
    align-items: start;
  }

  .panel {
    display: grid;
    gap: ${token('space-3')};
    min-width: 0;
    padding: ${token('space-4')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: var(--_panel);
  }

  .results {
    margin-block-start: ${token('space-4')};
  }

  fieldset {
    display: grid;
    gap: ${token('space-2')};
    min-width: 0;
    margin: 0;
    padding: ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  legend {
    padding-inline: ${token('space-1')};
    font-weight: 600;
  }

  fieldset.mode {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')} ${token('space-4')};
  }

  .choice {
    display: flex;
    gap: ${token('space-2')};
    align-items: baseline;
    cursor: pointer;
  }

  .choice input {
    margin: 0;
    flex: none;
    accent-color: ${token('color-accent')};
  }

  code,
  .url {
    font-family: var(--_mono);
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  .url {
    display: block;
    color: ${token('color-text-muted')};
  }

  .field {
    display: grid;
    gap: ${token('space-1')};
    min-width: 0;
  }

  .field-label {
    font-weight: 600;
  }

  .hint {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  .problem {
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
    font-weight: 600;
  }

  .problem::before {
    content: '✖ ';
  }

  input:not([type='radio'], [type='checkbox'], [type='file']),
  select,
  textarea {
    width: 100%;
    min-width: 0;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    font: inherit;
    color: inherit;
    background: ${token('color-surface')};
  }

  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: ${token('color-danger')};
    border-width: 2px;
  }

  textarea {
    font-family: var(--_mono);
    font-size: ${token('font-size-small')};
    line-height: 1.45;
    resize: vertical;
    white-space: pre;
    tab-size: 4;
  }

  textarea[readonly] {
    background: var(--_panel);
  }

  .sources {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')} ${token('space-3')};
    align-items: center;
  }

  .file {
    display: inline-flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    align-items: center;
  }

  .file label {
    font-weight: 600;
  }

  input[type='file'] {
    max-width: 100%;
    font: inherit;
  }

  input[type='file']::file-selector-button {
    margin-inline-end: ${token('space-2')};
  }

  /* The file input's button looks like the others. */
  input[type='file']::file-selector-button,
  button {
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    font: inherit;
    color: ${token('color-accent')};
    background: ${token('color-surface')};
    cursor: pointer;
  }

  button.primary {
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
  }

  .param-rows {
    display: grid;
    gap: ${token('space-2')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .param {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) auto;
    gap: ${token('space-2')};
    align-items: end;
  }

  .param .problem {
    grid-column: 1 / -1;
  }

  #add-param {
    justify-self: start;
  }

  .disclosure {
    display: grid;
    gap: ${token('space-2')};
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  .disclosure-button {
    justify-self: start;
    padding: 0;
    border: 0;
    font-weight: 600;
    color: ${token('color-text')};
    background: none;
  }

  .disclosure-button::before {
    display: inline-block;
    inline-size: 1em;
    content: '▸';
  }

  .disclosure-button[aria-expanded='true']::before {
    content: '▾';
  }

  .disclosure-body {
    display: grid;
    gap: ${token('space-2')};
  }

  .disclosure-body[hidden] {
    display: none;
  }

  .status {
    color: ${token('color-text-muted')};
  }

  .blocked {
    padding: ${token('space-2')} ${token('space-3')};
    border-inline-start: 4px solid ${token('color-danger')};
    color: ${token('color-text')};
    background: ${token('color-danger-surface')};
  }

  .findings ul {
    display: grid;
    gap: ${token('space-1')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .finding-button,
  .finding-text {
    display: flex;
    flex-wrap: wrap;
    gap: 0 ${token('space-2')};
    align-items: baseline;
    width: 100%;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-inline-start-width: 4px;
    border-radius: ${token('radius')};
    text-align: start;
    color: ${token('color-text')};
    background: ${token('color-surface')};
  }

  .finding-button:hover .where {
    text-decoration: underline;
  }

  .error > * {
    border-inline-start-color: ${token('color-danger')};
  }

  .warning > * {
    border-inline-start-color: var(--_warning);
  }

  .icon {
    flex: none;
    align-self: center;
  }

  .error .icon,
  .error .severity {
    color: ${token('color-danger')};
  }

  .warning .icon,
  .warning .severity {
    color: var(--_warning);
  }

  .severity {
    font-weight: 700;
  }

  .where {
    font-family: var(--_mono);
    font-size: ${token('font-size-small')};
    color: ${token('color-accent')};
  }

  .message {
    flex: 1 1 100%;
  }

  .summary {
    font-weight: normal;
  }

  .output {
    display: grid;
    gap: ${token('space-2')};
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    align-items: center;
  }

  .filename {
    font-family: var(--_mono);
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }

  .announcement {
    min-height: 1.45em;
    font-weight: 600;
    color: ${token('color-text')};
  }

`;
