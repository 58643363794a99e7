import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_added: var(--cc-layout-diff-added-background, light-dark(#dcf5e3, #123d22));
    --_removed: var(--cc-layout-diff-removed-background, ${token('color-danger-surface')});
    --_mono: var(--cc-layout-diff-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  }

  table {
    width: 100%;
    table-layout: fixed;
    border-collapse: collapse;
    border: 1px solid ${token('color-border')};
    font-family: var(--_mono);
    font-size: ${token('font-size-small')};
    line-height: 1.45;
  }

  caption {
    padding-block-end: ${token('space-2')};
    text-align: start;
    font-family: ${token('font-family')};
    font-size: ${token('font-size')};
    font-weight: 600;
  }

  .counts {
    font-weight: normal;
    color: ${token('color-text-muted')};
  }

  col.number {
    width: 4.5em;
  }

  thead th {
    padding: ${token('space-1')} ${token('space-2')};
    border-block-end: 1px solid ${token('color-border')};
    text-align: start;
    font-family: ${token('font-family')};
    background: ${token('color-surface-raised')};
  }

  .line-number {
    padding: 0 ${token('space-2')};
    text-align: end;
    font-weight: normal;
    color: ${token('color-text-muted')};
    border-inline-start: 1px solid ${token('color-border')};
    user-select: none;
  }

  .text {
    padding: 0 ${token('space-2')};
    white-space: pre-wrap;
    /* Code breaks where it must, rather than pushing a long token below its marker. */
    word-break: break-all;
  }

  .text.empty {
    background: repeating-linear-gradient(-45deg, transparent 0 6px, ${token('color-surface-raised')} 6px 12px);
  }

  .added {
    background: var(--_added);
  }

  .removed {
    background: var(--_removed);
  }

  .marker {
    display: inline-block;
    width: 1.25ch;
    margin-inline-start: -0.25ch;
    font-weight: 700;
  }

  .fold td {
    padding: ${token('space-1')} ${token('space-2')};
    border-block: 1px dashed ${token('color-border')};
    background: ${token('color-surface-raised')};
    text-align: center;
  }

  /* The shared buttons (buttonStyles), in the page's font family. */
  button {
    font-family: ${token('font-family')};
  }

`;
