import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  section {
    display: grid;
    gap: ${token('space-2')};
  }

  h4 {
    margin: 0;
  }

  .events {
    display: grid;
    gap: ${token('space-2')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .events li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-1')} ${token('space-2')};
    padding-block-end: ${token('space-2')};
    border-block-end: 1px solid var(--_field-border);
  }

  .what {
    display: grid;
    gap: ${token('space-1')};
    flex: 1 1 14rem;
    min-inline-size: 0;
  }

  .kind {
    font-weight: 600;
  }

  .named,
  .source {
    overflow-wrap: anywhere;
  }

  .source,
  .status {
    color: var(--_label-color);
    font-size: ${token('font-size-small')};
  }
`;
