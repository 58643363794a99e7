import { css } from 'lit';
import { busyButton } from '../../styles/controls.js';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: ${token('space-1')} ${token('space-2')};
  }

  .mask {
    letter-spacing: 0.1em;
    color: var(--cc-sensitive-value-mask-color, ${token('color-text-muted')});
  }

  button {
    font: inherit;
    font-size: ${token('font-size-small')};
    padding: 0 ${token('space-2')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    color: ${token('color-accent')};
    background: transparent;
    cursor: pointer;
  }

  button[aria-disabled='true'] {
    ${busyButton}
  }

  [part='error'] {
    flex-basis: 100%;
    margin: 0;
    color: ${token('color-danger')};
    font-size: ${token('font-size-small')};
  }
`;
