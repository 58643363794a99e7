/** How a customer is named and reached, without schemas: cheap to import on the first-render path. */
import type { Customer } from './customer.js';

export const PHONE_FIELDS = ['Context_Mobile_Phone', 'Context_Home_Phone', 'Context_Work_Phone'] as const;
export const EMAIL_FIELDS = ['Context_Work_Email', 'Context_Home_Email'] as const;

function text(customer: Pick<Customer, 'dataElements'>, key: string): string | undefined {
  const value = customer.dataElements[key];
  return typeof value === 'string' && value ? value : undefined;
}

export function customerName(customer: Pick<Customer, 'dataElements'>): string | undefined {
  const name = [text(customer, 'Context_First_Name'), text(customer, 'Context_Last_Name')].filter(Boolean).join(' ');
  return name || undefined;
}

export function customerPhones(customer: Pick<Customer, 'dataElements'>): string[] {
  return PHONE_FIELDS.map((key) => text(customer, key)).filter((value): value is string => Boolean(value));
}

export function customerEmails(customer: Pick<Customer, 'dataElements'>): string[] {
  return EMAIL_FIELDS.map((key) => text(customer, key)).filter((value): value is string => Boolean(value));
}

/** As Context Service displayed a customer: name, else email, else phone, else "Unknown customer". */
export function customerDisplayName(customer: Pick<Customer, 'dataElements'>): string {
  return customerName(customer) ?? customerEmails(customer)[0] ?? customerPhones(customer)[0] ?? 'Unknown customer';
}
