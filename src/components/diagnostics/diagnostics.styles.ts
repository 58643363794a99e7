import { css } from 'lit';
import { factListStyles, smallPrint } from '../../styles/facts.js';
import { token } from '../../styles/tokens.js';

const own = css`
  :host {
    --_background: var(--cc-diagnostics-background, ${token('color-surface')});
    --_border: var(--cc-diagnostics-border-color, ${token('color-border')});
    --_problem: var(--cc-diagnostics-problem-color, ${token('color-danger')});
  }

  [part='base'] {
    display: grid;
    gap: ${token('space-3')};
    padding: ${token('space-3')} ${token('space-4')};
    border: 1px solid var(--_border);
    border-radius: ${token('radius')};
    background: var(--_background);
    color: ${token('color-text')};
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: ${token('space-2')};
  }

  h2 {
    margin: 0;
    font-size: ${token('font-size-heading')};
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
  }

  button {
    font: inherit;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
    color: ${token('color-accent')};
    cursor: pointer;
  }

  button:hover {
    background: ${token('color-surface-raised')};
  }

  .note {
    ${smallPrint}
  }

  .problem {
    color: var(--_problem);
    font-weight: 600;
  }

  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-variant-numeric: tabular-nums;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: ${token('space-1')};
  }

  th,
  td {
    padding: ${token('space-1')} ${token('space-2')};
    border-block-end: 1px solid var(--_border);
    text-align: end;
  }

  th[scope='row'],
  thead th:first-child,
  td[colspan] {
    text-align: start;
  }

  th[scope='row'] {
    font-weight: normal;
    font-family: ui-monospace, monospace;
  }

  thead th {
    color: ${token('color-text-muted')};
    font-weight: 600;
  }

  .announcement {
    flex-basis: 100%;
    margin: 0;
    font-size: ${token('font-size-small')};
  }

  .fallback {
    display: grid;
    gap: ${token('space-1')};
  }

  textarea {
    font-family: ui-monospace, monospace;
    font-size: ${token('font-size-small')};
    inline-size: 100%;
    padding: ${token('space-2')};
    border: 1px solid var(--_border);
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
    color: ${token('color-text')};
    white-space: pre;
  }
`;

export const styles = [own, factListStyles('.facts', '8rem', token('space-3'))];
