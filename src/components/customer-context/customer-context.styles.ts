import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    color-scheme: light dark;
    --_background: var(--cc-customer-context-background, ${token('color-surface')});
    --_gap: var(--cc-customer-context-gap, ${token('space-3')});
    background: var(--_background);
    color: ${token('color-text')};
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: var(--cc-customer-context-padding, ${token('space-3')});
  }
  /* Lab mode must not pass for production: a solid, labelled band in the danger colour. */
  [part='lab-mode'] {
    margin: 0;
    padding: ${token('space-1')} ${token('space-2')};
    border: 2px solid ${token('color-danger')};
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
    font-size: ${token('font-size-small')};
  }
  [part='notice'] {
    margin: 0;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px dashed ${token('color-border')};
    border-radius: ${token('radius')};
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }
  [part='content'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    min-width: 0;
  }
  [part='content'][data-stale] {
    padding: ${token('space-2')};
    border: 2px dashed ${token('color-border')};
    border-radius: ${token('radius')};
  }
  .stale-note {
    margin: 0;
    font-size: ${token('font-size-small')};
    color: ${token('color-text')};
  }
  .badge {
    padding: 0 ${token('space-2')};
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
    font-weight: 600;
  }
  .empty {
    margin: 0;
    color: ${token('color-text-muted')};
  }
  [part='skeleton'] {
    display: flex;
    flex-direction: column;
    gap: ${token('space-2')};
  }
  .bar {
    height: 1rem;
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .bar:nth-child(1) {
    width: 40%;
    height: 1.5rem;
  }
  .bar:nth-child(2) {
    width: 75%;
  }
  .bar:nth-child(3) {
    width: 60%;
  }
  .bar:nth-child(4) {
    width: 90%;
  }
  @keyframes pulse {
    to {
      opacity: 0.4;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bar {
      animation: none;
    }
  }
`;
