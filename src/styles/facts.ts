import { css, unsafeCSS, type CSSResult } from 'lit';
import { token } from './tokens.js';

/** Small print (a hint, a count, a note, a status line): muted and small, without margins. Declarations, for each to place under its own selectors. */
export const smallPrint = css`
  margin: 0;
  font-size: ${token('font-size-small')};
  color: ${token('color-text-muted')};
`;

/**
 * A description list (`selector`) of facts as two columns: muted names at least `nameWidth` wide,
 * values that wrap anywhere, `columnGap` between them. Each fact is a `div` holding its `dt` and `dd`.
 */
export function factListStyles(selector: string, nameWidth: string, columnGap: CSSResult): CSSResult {
  const list = unsafeCSS(selector);
  return css`
    ${list} {
      display: grid;
      grid-template-columns: minmax(${unsafeCSS(nameWidth)}, max-content) 1fr;
      gap: ${token('space-1')} ${columnGap};
      margin: 0;
    }

    ${list} > div {
      display: contents;
    }

    ${list} dt {
      color: ${token('color-text-muted')};
    }

    ${list} dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `;
}
