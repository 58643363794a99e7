import { msg, str } from '@lit/localize';
import type { Customer } from '../../model/customer.js';
import { customerDisplayName } from '../../model/customer-display.js';
import { deepActiveElement } from '../deep-focus.js';
import type { SearchPart, SummaryPart } from './parts.js';

export interface FocusSource {
  /** Whether `customerId` is the customer shown, once their record has been read and rendered. */
  readonly showing: (customerId: string) => Promise<boolean>;
  /** Whether a customer's record is shown now. */
  readonly customerShown: () => boolean;
}

/**
 * Where the gadget moves the keyboard, and what it says, after the agent's own steps: a Retry
 * that recovered, a customer created or chosen in the new-customer form, the last screen-pop
 * answered. Focus is only ever taken back when it fell to the page (its element went), never from
 * where the agent has moved it since.
 */
export class FocusMoves {
  constructor(
    private readonly host: HTMLElement & { readonly renderRoot: ParentNode },
    private readonly source: FocusSource,
  ) {}

  /**
   * The store answered a Retry: once the customer shown has been read again the search says so
   * (through its live region, so that nothing it says after replaces it), and, if the error state
   * had the keyboard, it goes on to what the agent came for.
   */
  async recovered(customerId: string, hadFocus: boolean): Promise<void> {
    await this.source.showing(customerId);
    const search = this.search();
    await search?.updateComplete;
    search?.announce(msg('Customer context loaded again.'));
    if (!hadFocus || !this.lost()) return;
    if (this.source.customerShown()) await this.summary()?.focusName();
    else this.search()?.focus();
  }

  /** A customer just created is the answer now: the search names them, the live region says so, the keyboard lands on their name. */
  async created(customer: Customer): Promise<void> {
    if (!(await this.source.showing(customer.id))) return;
    const search = this.search();
    // Said once the search has taken the customer as its answer, which silences what it said before.
    await search?.updateComplete;
    search?.announce(msg(str`Customer created: ${customerDisplayName(customer)}.`));
    await this.summary()?.focusName();
  }

  /** Moves the keyboard to the name of the customer just opened, once shown (unless another was opened meanwhile). */
  async opened(customerId: string): Promise<void> {
    if (await this.source.showing(customerId)) await this.summary()?.focusName();
  }

  /** The agent answered the last screen-pop, which took focus with it: the keyboard goes to the customer's name, above their journey. */
  popClosed(hadFocus: boolean): void {
    if (hadFocus && this.lost()) void this.summary()?.focusName();
  }

  /** Whether focus fell to the page (its element went). */
  private lost(): boolean {
    const active = deepActiveElement();
    return !active || active === document.body || active === this.host;
  }

  private search(): SearchPart | null {
    return this.host.renderRoot.querySelector<SearchPart>('cc-customer-search');
  }

  private summary(): SummaryPart | null {
    return this.host.renderRoot.querySelector<SummaryPart>('cc-customer-summary');
  }
}
