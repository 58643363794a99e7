import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_gap: var(--cc-field-set-editor-gap, ${token('space-3')});
    --_border: var(--cc-field-set-editor-border, ${token('color-border')});
    display: block;
  }

  h2,
  h3 {
    margin: 0 0 var(--_gap);
  }

  .layout {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
    gap: var(--_gap);
    align-items: start;
  }

  fieldset {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    gap: ${token('space-2')} var(--_gap);
    margin: 0 0 var(--_gap);
    padding: ${token('space-2')} var(--_gap) var(--_gap);
    border: 1px solid var(--_border);
    border-radius: ${token('radius')};
  }

  legend {
    padding: 0 ${token('space-1')};
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .control {
    display: grid;
    gap: ${token('space-1')};
    align-content: start;
  }

  .control.check {
    grid-template-columns: auto 1fr;
    align-items: center;
  }

  .control.wide,
  .row-actions {
    grid-column: 1 / -1;
  }

  label {
    color: ${token('color-text-muted')};
  }

  input,
  select,
  textarea {
    font: inherit;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid var(--_border);
    border-radius: ${token('radius')};
    color: inherit;
    background: ${token('color-surface')};
  }

  input[type='checkbox'] {
    inline-size: 1.1rem;
    block-size: 1.1rem;
  }

  textarea {
    inline-size: 100%;
    box-sizing: border-box;
    font-family: ui-monospace, monospace;
  }

  [aria-invalid='true'] {
    border-color: ${token('color-danger')};
  }

  .error {
    margin: 0;
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  .hint {
    margin: 0;
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }

  .row-actions,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }

  .actions {
    margin: 0 0 var(--_gap);
  }

  button:disabled {
    opacity: 0.5;
    cursor: default;
  }

  [part='preview'] {
    padding: var(--_gap);
    border: 1px dashed var(--_border);
    border-radius: ${token('radius')};
  }

  [part='issues'] {
    margin: 0 0 var(--_gap);
    padding: ${token('space-2')} var(--_gap);
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }

  [part='issues'] ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
`;
