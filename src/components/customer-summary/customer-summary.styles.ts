import { css } from 'lit';
import { fieldGroupStyles, formControl, invalidControl } from '../../styles/controls.js';
import { token } from '../../styles/tokens.js';

const rules = css`
  :host {
    --_gap: var(--cc-customer-summary-gap, ${token('space-3')});
    --_label-color: var(--cc-customer-summary-label-color, ${token('color-text-muted')});
    --_field-background: var(--cc-customer-summary-field-background, ${token('color-surface')});
    --_field-border: var(--cc-customer-summary-field-border, ${token('color-border')});
    position: relative;
    background: var(--cc-customer-summary-background, ${token('color-surface')});
  }

  h2 {
    margin: 0 0 var(--_gap);
    font-size: ${token('font-size-heading')};
    overflow-wrap: anywhere;
  }

  dl {
    display: grid;
    grid-template-columns: minmax(7rem, max-content) 1fr;
    gap: ${token('space-1')} var(--_gap);
    margin: 0 0 var(--_gap);
  }

  dl > div {
    display: contents;
  }

  dt {
    color: var(--_label-color);
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  address {
    font-style: normal;
    white-space: pre-line;
  }

  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .tags li {
    padding: 0 ${token('space-2')};
    border: 1px solid var(--_field-border);
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
    overflow-wrap: anywhere;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    margin: var(--_gap) 0 0;
  }

  form {
    display: grid;
    gap: var(--_gap);
  }

  fieldset {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: ${token('space-2')} var(--_gap);
  }

  .field {
    display: grid;
    gap: ${token('space-1')};
    align-content: start;
  }

  .field.wide {
    grid-column: 1 / -1;
  }

  label {
    color: var(--_label-color);
  }

  input,
  select,
  textarea {
    ${formControl}
  }

  [aria-invalid='true'] {
    ${invalidControl}
  }

  .hint {
    margin: 0;
    color: var(--_label-color);
    font-size: ${token('font-size-small')};
  }

  .field-error {
    margin: 0;
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  [part='error'],
  [part='conflict'],
  .confirm {
    display: grid;
    gap: ${token('space-2')};
    padding: ${token('space-2')} var(--_gap);
    border-radius: ${token('radius')};
  }

  [part='error'] {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }

  [part='conflict'],
  .confirm {
    border: 1px solid ${token('color-danger')};
    background: ${token('color-surface-raised')};
  }

  [part='error'] p,
  [part='conflict'] p,
  .confirm p {
    margin: 0;
  }

  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }

  .problem {
    color: var(--_label-color);
    font-size: ${token('font-size-small')};
  }

  .kept {
    display: grid;
    gap: ${token('space-1')};
  }

  .kept p {
    margin: 0;
    color: var(--_label-color);
  }

  .status {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part='pending'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }
`;

/** The groups of fields first: the summary's own rules lay their fields out in a grid. */
export const styles = [fieldGroupStyles, rules];
