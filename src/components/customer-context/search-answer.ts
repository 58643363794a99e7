import { msg } from '@lit/localize';
import type { CustomerSearchResultDetail } from '../../events/customer-search-result.js';

/** Why no customer is open after a search: nobody matched, the agent has a list to choose from, or the search failed. */
export type ClosedReason = 'no-match' | 'choose' | 'failed';

/**
 * Whether a search's answer closes the customer open beside it, and why. The customer stays
 * only when the answer includes them (a search for "Ellis" with Jordan Ellis open); any other
 * answer (nobody, a list without them, a failure) closes them, so the agent never reads one
 * customer's history under a search that says it found someone else, or nobody. What the search
 * shows while the agent is still typing is no answer yet: it closes nothing (a note or an edit
 * in progress stays).
 */
export function closingReason(result: CustomerSearchResultDetail, openCustomerId: string): ClosedReason | undefined {
  if (!result.immediate) return undefined;
  if ('error' in result) return 'failed';
  if (openCustomerId && result.matches.some((match) => match.customer.id === openCustomerId)) return undefined;
  return result.matches.length === 0 ? 'no-match' : 'choose';
}

/** What the gadget says where the customer was, once a search has closed them. */
export function closedText(reason: ClosedReason): string {
  switch (reason) {
    case 'no-match':
      return msg('No customer is open.');
    case 'choose':
      return msg('No customer is open. Choose one of the customers found.');
    case 'failed':
      return msg('No customer is open: the search could not be completed.');
  }
}
