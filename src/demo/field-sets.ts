import type { ContextBackend } from '../backend/adapter.js';
import { DEMO_IDS } from './journey.js';

/**
 * Cumulus Motorcycle's own field set, as an organisation writes it: the rider's motorcycle VIN,
 * and their date of birth, sensitive (masked until an agent allowed to reveals it).
 */
export const DEMO_FIELD_SETS = {
  fieldSets: [
    {
      id: 'cumulus.rider',
      appliesTo: 'customer',
      label: { en: 'Rider', fr: 'Motard' },
      fields: [
        { id: 'Motorcycle_VIN', type: 'string', maxLength: 17, label: { en: 'Motorcycle VIN', fr: 'NIV de la moto' } },
        { id: 'Date_Of_Birth', type: 'date', sensitive: true, label: { en: 'Date of birth', fr: 'Date de naissance' } },
      ],
    },
  ],
} as const;

export const DEMO_RIDER_SET = 'cumulus.rider';

/** Jordan's values in it. */
export const DEMO_RIDER_VALUES = { Motorcycle_VIN: '1CUMS750XPA000142', Date_Of_Birth: '1988-06-14' } as const;

/**
 * Gives Jordan the rider field set and its values, once: on a store seeded before the set
 * existed too. The backend must know the set (the built-in store opened with `fieldSets`).
 */
export async function ensureDemoRiderFields(backend: ContextBackend): Promise<void> {
  const jordan = await backend.getCustomer(DEMO_IDS.jordan);
  if (jordan.fieldsets.includes(DEMO_RIDER_SET)) return;
  await backend.updateCustomer(DEMO_IDS.jordan, {
    expectedVersion: jordan.version,
    fieldsets: [...jordan.fieldsets, DEMO_RIDER_SET],
    dataElements: { ...DEMO_RIDER_VALUES },
  });
}
