import { css } from 'lit';
import { plainControl } from '../styles/controls.js';
import { smallPrint } from '../styles/facts.js';
import { token } from '../styles/tokens.js';

/** The demo page: its header, tabs, the desktop with the gadget beside the simulated host's controls. */
export const styles = css`
  :host {
    max-width: 80rem;
    margin: 0 auto;
    padding: ${token('space-4')};
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: ${token('space-3')};
    margin-block-end: ${token('space-3')};
  }
  h1 {
    margin: 0;
    font-size: 1.5rem;
  }
  h2 {
    margin: 0 0 ${token('space-2')};
    font-size: ${token('font-size-heading')};
  }
  [role='tablist'] {
    display: flex;
    gap: ${token('space-1')};
    border-block-end: 1px solid ${token('color-border')};
    margin-block-end: ${token('space-3')};
  }
  [role='tab'] {
    font: inherit;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid transparent;
    border-block-end: none;
    border-radius: ${token('radius')} ${token('radius')} 0 0;
    background: none;
    color: ${token('color-text')};
    cursor: pointer;
  }
  [role='tab'][aria-selected='true'] {
    border-color: ${token('color-border')};
    background: ${token('color-surface-raised')};
    font-weight: 600;
  }
  .desktop {
    display: grid;
    grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
    gap: ${token('space-4')};
    align-items: start;
  }
  @media (max-width: 48rem) {
    .desktop {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  cc-customer-context {
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }
  aside {
    display: flex;
    flex-direction: column;
    gap: ${token('space-3')};
    padding: ${token('space-3')};
    border: 1px dashed ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface-raised')};
  }
  .switch {
    display: flex;
    align-items: center;
    gap: ${token('space-2')};
    font-weight: 600;
  }
  .switch input {
    inline-size: 2.25rem;
    block-size: 1.25rem;
    accent-color: ${token('color-danger')};
  }
  .hint,
  .status {
    ${smallPrint}
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }
  select,
  button.action {
    ${plainControl}
  }
  [role='alert'] {
    color: ${token('color-danger')};
  }
`;
