import { css } from 'lit';
import { plainControl } from '../../styles/controls.js';
import { factListStyles, smallPrint } from '../../styles/facts.js';
import { token } from '../../styles/tokens.js';

const own = css`
  :host {
    --_background: var(--cc-appointment-pop-background, ${token('color-surface-raised')});
    --_border: var(--cc-appointment-pop-border, ${token('color-accent')});
    --_gap: var(--cc-appointment-pop-gap, ${token('space-2')});
  }

  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: ${token('space-3')};
    border: 2px solid var(--_border);
    border-radius: ${token('radius')};
    background: var(--_background);
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_gap);
  }

  h2 {
    margin: 0;
    font-size: ${token('font-size-heading')};
  }

  .count,
  .note {
    ${smallPrint}
  }

  blockquote {
    margin: 0;
    white-space: pre-line;
  }

  label {
    display: flex;
    flex-direction: column;
    gap: ${token('space-1')};
  }

  input,
  button {
    ${plainControl}
  }

  button.primary {
    border-color: ${token('color-accent')};
    background: ${token('color-accent')};
    color: ${token('color-on-accent')};
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }

  [role='alert'],
  .problem {
    margin: 0;
    color: ${token('color-danger')};
  }
`;

export const styles = [own, factListStyles('dl', '6rem', css`var(--_gap)`)];
