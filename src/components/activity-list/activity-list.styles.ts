import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_gap: var(--cc-activity-list-gap, ${token('space-3')});
    --_item-background: var(--cc-activity-list-item-background, ${token('color-surface-raised')});
    --_item-border: var(--cc-activity-list-item-border, ${token('color-border')});
    --_channel-color: var(--cc-activity-list-channel-color, ${token('color-accent')});
    background: var(--cc-activity-list-background, ${token('color-surface')});
  }

  h2 {
    margin: 0 0 var(--_gap);
    font-size: ${token('font-size-heading')};
  }

  ol {
    display: grid;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  li {
    padding: ${token('space-3')};
    border: 1px solid var(--_item-border);
    border-radius: ${token('radius')};
    background: var(--_item-background);
  }

  h3 {
    margin: 0 0 ${token('space-1')};
    font-size: inherit;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    margin: 0 0 ${token('space-2')};
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }

  .channel {
    font-weight: 600;
    color: var(--_channel-color);
  }

  p {
    margin: ${token('space-1')} 0 0;
    overflow-wrap: anywhere;
  }

  /* People's line breaks are part of what they wrote. */
  .message,
  .notes {
    white-space: pre-wrap;
  }

  .label {
    font-weight: 600;
  }

  .status,
  .empty {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part='error'] {
    padding: ${token('space-3')};
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }

  [part='error'] p {
    margin: 0 0 ${token('space-2')};
  }

  button {
    font: inherit;
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
    cursor: pointer;
  }

  [aria-busy='true'] ol {
    opacity: 0.7;
  }
`;
