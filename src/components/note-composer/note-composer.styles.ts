import { css } from 'lit';
import { fieldInput } from '../../styles/search-field.js';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_field-background: var(--cc-note-composer-field-background, ${token('color-surface')});
    --_field-border: var(--cc-note-composer-field-border, ${token('color-border')});
    display: block;
    margin: ${token('space-3')} 0;
  }

  label {
    display: block;
    margin: 0 0 ${token('space-1')};
    font-weight: 600;
  }

  textarea {
    ${fieldInput}
    box-sizing: border-box;
    min-height: 3.5em;
    resize: vertical;
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')};
    margin-top: ${token('space-1')};
  }

  .hint,
  .error {
    margin: 0;
    font-size: 0.875em;
  }

  .error {
    color: ${token('color-danger')};
  }
`;
