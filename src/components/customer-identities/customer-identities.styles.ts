import { css } from 'lit';
import { busyButton, fieldGroupStyles, formControl, invalidControl } from '../../styles/controls.js';
import { token } from '../../styles/tokens.js';

/** What the identities and the merge share: fields, notices and confirmations as the summary draws them. */
const panelRules = css`
  :host {
    --_gap: var(--cc-customer-identities-gap, ${token('space-3')});
    --_label-color: var(--cc-customer-identities-label-color, ${token('color-text-muted')});
    --_field-background: var(--cc-customer-identities-field-background, ${token('color-surface')});
    --_field-border: var(--cc-customer-identities-field-border, ${token('color-border')});
  }

  h3,
  h4 {
    margin: 0 0 ${token('space-2')};
    font-size: ${token('font-size')};
    font-weight: 600;
  }

  p {
    margin: 0;
  }

  .fields {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: ${token('space-2')};
  }

  .field {
    display: grid;
    gap: ${token('space-1')};
    flex: 1 1 10rem;
  }

  label {
    color: var(--_label-color);
  }

  input,
  select {
    ${formControl}
  }

  [aria-invalid='true'] {
    ${invalidControl}
  }

  .problem {
    margin-block-start: ${token('space-1')};
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  [part='error'],
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

  .confirm {
    border: 1px solid ${token('color-danger')};
    background: ${token('color-surface-raised')};
  }

  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }

  .status,
  .note,
  .pending {
    color: var(--_label-color);
  }

  .note {
    font-size: ${token('font-size-small')};
  }

  button[aria-disabled='true'] {
    ${busyButton}
  }
`;

export const panelStyles = [fieldGroupStyles, panelRules];

export const styles = css`
  section {
    display: grid;
    gap: var(--_gap);
    margin-block-start: var(--_gap);
    padding-block-start: var(--_gap);
    border-block-start: 1px solid var(--_field-border);
  }

  h3 {
    margin: 0;
  }

  .identities {
    display: grid;
    gap: ${token('space-1')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .identities li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-1')} ${token('space-2')};
  }

  .identities .confirm {
    flex-basis: 100%;
  }

  .kind {
    min-inline-size: 6rem;
    color: var(--_label-color);
  }

  .value {
    overflow-wrap: anywhere;
  }
`;
