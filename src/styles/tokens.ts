import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Global design tokens (`--cc-*`) with their light and dark defaults. Components read them through
 * `token()`, which falls back to the default, so a page themes every component by setting the
 * custom property on any ancestor; light or dark follows the inherited `color-scheme`.
 */
export const TOKENS = {
  'color-surface': ['#ffffff', '#1c1b1f'],
  'color-surface-raised': ['#f4f5f7', '#2a292f'],
  'color-text': ['#1c1b1f', '#e6e1e5'],
  'color-text-muted': ['#4a4a55', '#c4c0cc'],
  'color-border': ['#c7c7d1', '#4a4950'],
  'color-accent': ['#0b5cad', '#9ecaff'],
  'color-on-accent': ['#ffffff', '#00315c'],
  'color-danger': ['#b3261e', '#f2b8b5'],
  'color-danger-surface': ['#fdecea', '#410e0b'],
  'color-focus': ['#0b5cad', '#9ecaff'],
  'space-1': ['0.25rem'],
  'space-2': ['0.5rem'],
  'space-3': ['0.75rem'],
  'space-4': ['1rem'],
  'radius': ['0.375rem'],
  'font-family': ['system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'],
  'font-size': ['0.875rem'],
  'font-size-small': ['0.8125rem'],
  'font-size-heading': ['1.125rem'],
} as const satisfies Record<string, readonly [string] | readonly [string, string]>;
export type TokenName = keyof typeof TOKENS;

function defaultValue(name: TokenName): string {
  const values: readonly string[] = TOKENS[name];
  return values.length === 2 ? `light-dark(${values[0]}, ${values[1]})` : values[0]!;
}

/** `var(--cc-<name>, <default>)`, for use inside a component's `css` template. */
export function token(name: TokenName): CSSResult {
  return unsafeCSS(`var(--cc-${name}, ${defaultValue(name)})`);
}

/** Every token declared on the page's root, with `color-scheme` following the system: for pages and stories. */
export const rootTokens: CSSResult = unsafeCSS(
  `:root { color-scheme: light dark; ${(Object.keys(TOKENS) as TokenName[])
    .map((name) => `--cc-${name}: ${defaultValue(name)};`)
    .join(' ')} }`,
);

/** What every element's host shares: font, colours and a visible focus ring. */
export const hostStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: ${token('font-family')};
    font-size: ${token('font-size')};
    color: ${token('color-text')};
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid ${token('color-focus')};
    outline-offset: 2px;
  }
  /* Read by screen readers, not shown: the words that icons and layout say to sighted agents. */
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/**
 * Buttons as the forms draw them: outlined in the accent colour; `.primary` filled, `.danger` in
 * the danger colour. Elements add it after `hostStyles` and may refine it in their own styles.
 */
export const buttonStyles = css`
  button {
    font: inherit;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    color: ${token('color-accent')};
    background: transparent;
    cursor: pointer;
  }

  button.primary {
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
  }

  button.danger {
    border-color: ${token('color-danger')};
    color: ${token('color-danger')};
  }
`;

/**
 * The badge beside data that does not fit the field sets ("Not in the field sets", "Does not match
 * its field"): the summary and the journey's details show such data as it came, marked so.
 */
export const fieldBadgeStyles = css`
  .field-badge {
    display: inline-block;
    padding: 0 ${token('space-1')};
    border: 1px solid ${token('color-danger')};
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
  }
`;
