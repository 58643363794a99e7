import { css } from 'lit';
import { token } from './tokens.js';

/*
 * Form controls as the parts draw them. Declarations, for each to place under its own selectors.
 */

/** A form's input, select or text area: full width, in the element's `--_field-border` and `--_field-background`. */
export const formControl = css`
  width: 100%;
  font: inherit;
  padding: ${token('space-1')} ${token('space-2')};
  border: 1px solid var(--_field-border);
  border-radius: ${token('radius')};
  color: inherit;
  background: var(--_field-background);
`;

/** A control whose value is refused (`aria-invalid='true'`): a danger-coloured border, drawn twice as thick. */
export const invalidControl = css`
  border-color: ${token('color-danger')};
  box-shadow: inset 0 0 0 1px ${token('color-danger')};
`;

/**
 * A button busy with what it was pressed for (`aria-disabled='true'`): it stays focusable, since a
 * disabled one would drop the keyboard to the page, and its element ignores presses meanwhile.
 */
export const busyButton = css`
  cursor: progress;
  opacity: 0.6;
`;

/** A plain control (a select, a secondary button, a small input) on the surface colour, with a neutral border. */
export const plainControl = css`
  font: inherit;
  padding: ${token('space-1')} ${token('space-2')};
  border: 1px solid ${token('color-border')};
  border-radius: ${token('radius')};
  background: ${token('color-surface')};
  color: ${token('color-text')};
`;

/** A group of fields (`fieldset`) in a thin frame in the element's `--_field-border`, its `legend` bold; `--_gap` inside. */
export const fieldGroupStyles = css`
  fieldset {
    margin: 0;
    padding: ${token('space-2')} var(--_gap) var(--_gap);
    border: 1px solid var(--_field-border);
    border-radius: ${token('radius')};
  }

  legend {
    padding: 0 ${token('space-1')};
    font-weight: 600;
  }
`;
