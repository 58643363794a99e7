import { css } from 'lit';
import { fieldColours, fieldHint, fieldInput, fieldLabel } from '../../styles/search-field.js';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    ${fieldColours}
    --_option-active-background: var(--cc-customer-search-option-active-background, ${token('color-surface-raised')});
    --_option-active-border: var(--cc-customer-search-option-active-border, ${token('color-accent')});
    position: relative;
  }

  label {
    ${fieldLabel}
  }

  input {
    ${fieldInput}
  }

  .hint {
    ${fieldHint}
  }

  [role='listbox'] {
    margin: ${token('space-2')} 0 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--_field-border);
    border-radius: ${token('radius')};
    background: var(--_field-background);
  }

  [role='listbox'][hidden] {
    display: none;
  }

  [role='option'] {
    display: grid;
    gap: ${token('space-1')};
    padding: ${token('space-2')} ${token('space-3')};
    border-inline-start: 3px solid transparent;
    cursor: pointer;
  }

  [role='option'] + [role='option'] {
    border-top: 1px solid var(--_field-border);
  }

  [role='option'][aria-selected='true'] {
    border-inline-start-color: var(--_option-active-border);
    background: var(--_option-active-background);
  }

  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .match,
  .contact {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
    overflow-wrap: anywhere;
  }

  .key {
    font-weight: 600;
  }

  .contact span + span::before {
    content: ' · ';
  }

  [part='pending'] {
    margin: ${token('space-2')} 0 0;
    color: ${token('color-text-muted')};
  }

  .empty,
  [part='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    margin: ${token('space-2')} 0 0;
    padding: ${token('space-2')} ${token('space-3')};
    border-radius: ${token('radius')};
  }

  .empty {
    background: ${token('color-surface-raised')};
  }

  [part='error'] {
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }

  .empty p,
  [part='error'] p {
    margin: 0;
    flex: 1 1 12rem;
    overflow-wrap: anywhere;
  }

  button {
    font: inherit;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
    cursor: pointer;
  }

`;
