import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_background: var(--cc-context-error-background, ${token('color-danger-surface')});
    --_color: var(--cc-context-error-color, ${token('color-danger')});
  }
  [part='base'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-2')} ${token('space-3')};
    padding: ${token('space-2')} ${token('space-3')};
    border-inline-start: 4px solid var(--_color);
    border-radius: ${token('radius')};
    background: var(--_background);
    color: ${token('color-text')};
  }
  .text {
    flex: 1 1 16rem;
    margin: 0;
  }
  .message {
    display: block;
    font-weight: 600;
    color: var(--_color);
  }
  .cause {
    display: block;
    font-size: ${token('font-size-small')};
  }
  button {
    font: inherit;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    background: ${token('color-accent')};
    color: ${token('color-on-accent')};
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
`;
