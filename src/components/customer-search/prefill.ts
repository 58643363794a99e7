import { firstNameFirst, splitSourceName } from '../../model/constants.js';
import type { CustomerInput } from '../../model/customer.js';
import { looksLikePhone } from '../../model/phone.js';

/**
 * A new customer's fields from what the agent searched for, as Context Service filled a customer
 * from an activity's source: a phone goes to mobile phone, an email to work email, a name is split
 * so that its last word is the last name ("Ellis, Jordan" read as "Jordan Ellis"). Anything else (an id, a fragment) fills nothing.
 */
export function prefillFromQuery(query: string): CustomerInput {
  const text = query.trim();
  if (text.includes('@')) return { dataElements: { Context_Work_Email: text } };
  if (looksLikePhone(text)) return { dataElements: { Context_Mobile_Phone: text } };
  if (!/\p{L}/u.test(text)) return { dataElements: {} };
  const { first, last } = splitSourceName(firstNameFirst(text));
  return {
    dataElements: {
      ...(first ? { Context_First_Name: first } : {}),
      ...(last ? { Context_Last_Name: last } : {}),
    },
  };
}
