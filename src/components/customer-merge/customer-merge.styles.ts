import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  .merge,
  .panel,
  .confirm {
    display: grid;
    gap: ${token('space-2')};
    justify-items: start;
  }

  .panel,
  .confirm,
  .fields,
  .matches {
    justify-self: stretch;
  }

  .panel {
    padding: ${token('space-2')} var(--_gap);
    border: 1px solid var(--_field-border);
    border-radius: ${token('radius')};
  }

  .matches {
    display: grid;
    gap: ${token('space-1')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .matches button {
    inline-size: 100%;
    text-align: start;
  }

  .moving {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
`;
