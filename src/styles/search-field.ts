import { css } from 'lit';
import { token } from './tokens.js';

/*
 * The search field's look, for `<cc-customer-search>` and for the field the gadget's first render
 * shows before that part has loaded: one replaces the other in place, so they must look the same.
 * The note field beside the journey is drawn as the search field is (`fieldInput`). Declarations,
 * for each to place under its own selectors.
 */

/** The field's colours, from the `--cc-customer-search-field-*` properties. */
export const fieldColours = css`
  --_field-background: var(--cc-customer-search-field-background, ${token('color-surface')});
  --_field-border: var(--cc-customer-search-field-border, ${token('color-border')});
`;

export const fieldLabel = css`
  display: block;
  margin: 0 0 ${token('space-1')};
  font-weight: 600;
`;

export const fieldInput = css`
  width: 100%;
  font: inherit;
  padding: ${token('space-2')} ${token('space-3')};
  border: 1px solid var(--_field-border);
  border-radius: ${token('radius')};
  color: inherit;
  background: var(--_field-background);
`;

export const fieldHint = css`
  margin: ${token('space-1')} 0 0;
  color: ${token('color-text-muted')};
  font-size: ${token('font-size-small')};
`;
