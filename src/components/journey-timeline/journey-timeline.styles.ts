import { css } from 'lit';
import { token } from '../../styles/tokens.js';

export const styles = css`
  :host {
    --_gap: ${token('space-2')};
    --_item-background: var(--cc-journey-timeline-item-background, ${token('color-surface-raised')});
    --_item-border: var(--cc-journey-timeline-item-border, ${token('color-border')});
    --_channel-color: var(--cc-journey-timeline-channel-color, ${token('color-accent')});
    block-size: var(--cc-journey-timeline-block-size, 32rem);
    background: var(--cc-journey-timeline-background, ${token('color-surface')});
  }

  section {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    block-size: 100%;
  }

  h2 {
    margin: 0;
    font-size: ${token('font-size-heading')};
  }


  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }

  button {
    cursor: pointer;
  }

  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
  }

  .search {
    flex: 1 1 12rem;
    margin: 0;
  }

  .search input {
    inline-size: 100%;
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  .channels {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-1')};
  }

  .channel-filter {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
    padding: ${token('space-1')} ${token('space-2')};
    border: 1px solid ${token('color-border')};
    border-radius: 999px;
    background: ${token('color-surface')};
  }

  /* Pressed is shown by fill and a check-like weight, not colour alone. */
  .channel-filter[aria-pressed='true'] {
    border-color: ${token('color-accent')};
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
    font-weight: 600;
  }

  /* Each label is as wide as its bold self (a hidden copy below it), so pressing one moves no other. */
  .channel-filter span {
    display: inline-flex;
    flex-direction: column;
  }

  .channel-filter span::after {
    content: attr(data-label);
    block-size: 0;
    overflow: hidden;
    visibility: hidden;
    font-weight: 600;
  }

  .range {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
  }

  .range select {
    padding: ${token('space-1')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  .icon {
    flex: none;
  }

  [part='error'] {
    padding: ${token('space-2')} ${token('space-3')};
    border-radius: ${token('radius')};
    color: ${token('color-danger')};
    background: ${token('color-danger-surface')};
  }

  [part='error'] p {
    margin: 0 0 ${token('space-1')};
  }

  .error-message {
    font-weight: 600;
  }

  .error button,
  .empty button,
  .arrivals {
    padding: ${token('space-1')} ${token('space-3')};
    border: 1px solid ${token('color-accent')};
    border-radius: ${token('radius')};
    color: ${token('color-on-accent')};
    background: ${token('color-accent')};
  }

  .arrivals {
    align-self: center;
    border-radius: 999px;
  }

  .arrow {
    margin-inline-end: ${token('space-1')};
  }

  .body {
    display: flex;
    flex-direction: column;
    flex: 1 1 auto;
    min-block-size: 0;
  }

  .list {
    flex: 1 1 auto;
    min-block-size: 8rem;
  }

  /* Stale is marked by a dashed frame and the "Stale" note, not by fading: faded text fails contrast. */
  .list.stale {
    outline: 2px dashed ${token('color-border')};
    outline-offset: 2px;
  }

  .stale-note {
    margin: 0 0 ${token('space-1')};
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }

  .badge {
    display: inline-block;
    padding: 0 ${token('space-2')};
    border: 1px dashed currentColor;
    border-radius: ${token('radius')};
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  /* The virtualizer measures its children: spacing lives inside each row, not in margins. */
  .day,
  .row {
    inline-size: 100%;
  }

  .day h3 {
    margin: 0;
    padding-block: ${token('space-2')} ${token('space-1')};
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
    text-transform: none;
  }

  .row {
    padding-block-end: var(--_gap);
  }

  .activity {
    border: 1px solid var(--_item-border);
    border-radius: ${token('radius')};
    background: var(--_item-background);
  }

  .activity h4 {
    margin: 0;
    font-size: inherit;
    font-weight: inherit;
  }

  .toggle {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: ${token('space-2')};
    row-gap: ${token('space-1')};
    inline-size: 100%;
    padding: ${token('space-2')} ${token('space-3')};
    border: 0;
    border-radius: ${token('radius')};
    background: transparent;
    text-align: start;
  }

  .channel {
    display: inline-flex;
    align-items: center;
    gap: ${token('space-1')};
    color: var(--_channel-color);
    font-weight: 600;
  }

  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('space-2')};
    grid-column: 2;
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }

  .state.active {
    font-weight: 600;
  }

  .details {
    padding: 0 ${token('space-3')} ${token('space-3')};
    border-block-start: 1px solid var(--_item-border);
  }

  .details[hidden] {
    display: none;
  }

  dl {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) 1fr;
    gap: ${token('space-1')} ${token('space-3')};
    margin: ${token('space-2')} 0 0;
  }

  dt {
    font-weight: 600;
    color: ${token('color-text-muted')};
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .problem {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }

  /* People's line breaks are part of what they wrote. */
  .message,
  .notes {
    white-space: pre-wrap;
  }

  .appointment span {
    display: block;
    color: ${token('color-text-muted')};
  }

  .breadcrumbs {
    display: flex;
    flex-wrap: wrap;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .breadcrumbs li + li::before {
    content: '›';
    padding-inline: ${token('space-1')};
    color: ${token('color-text-muted')};
  }

  :host(:dir(rtl)) .breadcrumbs li + li::before {
    content: '‹';
  }

  .pinned {
    padding: ${token('space-2')};
    border: 1px dashed ${token('color-accent')};
    border-radius: ${token('radius')};
  }

  .pinned-note {
    margin: 0 0 ${token('space-1')};
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }

  .status,
  .empty {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  .empty p {
    margin: 0 0 ${token('space-2')};
  }

  .skeleton {
    display: grid;
    gap: var(--_gap);
  }

  .skeleton-row {
    display: grid;
    gap: ${token('space-1')};
    padding: ${token('space-3')};
    border: 1px solid var(--_item-border);
    border-radius: ${token('radius')};
  }

  .skeleton-row span {
    display: block;
    block-size: 0.75rem;
    border-radius: ${token('radius')};
    background: var(--_item-border);
    animation: pulse 1.2s ease-in-out infinite alternate;
  }

  .skeleton-row span + span {
    inline-size: 60%;
  }

  @keyframes pulse {
    to {
      opacity: 0.4;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton-row span {
      animation: none;
    }
  }
`;
