import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { BuiltInStore } from '../../src/backend/index.js';
import { DEMO_FIELD_SETS, DEMO_RIDER_VALUES, ensureDemoRiderFields } from '../../src/demo/field-sets.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { formatReport } from '../../src/diagnostics/report.js';
import { formatStatusLine } from '../../src/diagnostics/status-log.js';
import { summarize } from '../../src/diagnostics/summary.js';
import {
  BASE_FIELD_SETS,
  CUSTOMER_FIELD_SET,
  FieldSetRegistry,
  MASK,
  activityInputSchema,
  maskRecord,
  parseOrganisationFieldSets,
  redact,
  revealAuditActivity,
  sensitiveKeys,
  sensitiveValues,
} from '../../src/model/index.js';

const registry = new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]);
const SETS = [CUSTOMER_FIELD_SET, 'cumulus.rider'];

describe('masking', () => {
  describe('records', () => {
    it('masks exactly the sensitive fields, leaving the record itself untouched', () => {
      const record = { id: 'c1', fieldsets: SETS, dataElements: { Context_First_Name: 'Jordan', ...DEMO_RIDER_VALUES } };
      expect(sensitiveKeys(record, registry)).to.deep.equal(['Date_Of_Birth']);
      const masked = maskRecord(record, registry);
      expect(masked).to.deep.equal({ id: 'c1', fieldsets: SETS, dataElements: { Context_First_Name: 'Jordan', Motorcycle_VIN: DEMO_RIDER_VALUES.Motorcycle_VIN, Date_Of_Birth: MASK } });
      expect(record.dataElements.Date_Of_Birth).to.equal(DEMO_RIDER_VALUES.Date_Of_Birth);
      // A field is sensitive only within the sets the record carries.
      expect(sensitiveKeys({ fieldsets: [CUSTOMER_FIELD_SET], dataElements: { Date_Of_Birth: '1988-06-14' } }, registry)).to.deep.equal([]);
      expect(sensitiveKeys({ fieldsets: null as never, dataElements: null as never }, registry)).to.deep.equal([]);
    });

    it('never lets a sensitive value through, whatever the value', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ minLength: 1 }), fc.double(), fc.boolean()), fc.string(), (secret, other) => {
          const record = { fieldsets: SETS, dataElements: { Date_Of_Birth: secret, Context_City: other } };
          const masked = maskRecord(record, registry);
          expect(masked.dataElements['Date_Of_Birth']).to.equal(MASK);
          expect(masked.dataElements['Context_City']).to.equal(other);
        }),
      );
    });
  });

  describe('redact', () => {
    it('replaces every occurrence of every sensitive value, longest first', () => {
      const values = sensitiveValues(
        [
          { fieldsets: SETS, dataElements: { Date_Of_Birth: '1988-06-14' } },
          { fieldsets: SETS, dataElements: { Date_Of_Birth: '1988-06-1' } },
        ],
        registry,
      );
      expect(values).to.deep.equal(['1988-06-14', '1988-06-1']);
      expect(redact('born 1988-06-14, or was it 1988-06-1?', values)).to.equal(`born ${MASK}, or was it ${MASK}?`);
    });

    it('leaves no sensitive value in any text', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.array(fc.string()), (secrets, pieces) => {
          const text = pieces.flatMap((piece, index) => [piece, secrets[index % secrets.length]!]).join('');
          const result = redact(text, secrets);
          // A secret may survive only where the mask itself spells it.
          for (const secret of secrets) if (!MASK.includes(secret)) expect(result.split(MASK).join('\u0000')).not.to.contain(secret);
        }),
      );
    });
  });

  describe('the reveal audit', () => {
    it('is an activity input the model accepts, naming who and which field, never the value', () => {
      const input = revealAuditActivity({
        customerId: DEMO_IDS.jordan,
        fieldId: 'Date_Of_Birth',
        fieldLabel: 'Date of birth',
        agent: { id: 'agent-042', name: 'Sam Rivera' },
        activityId: 'a-1',
      });
      const parsed = activityInputSchema.parse(input);
      expect(parsed).to.include({ customerId: DEMO_IDS.jordan, mediaType: 'event', direction: 'internal', state: 'closed', title: 'Sensitive field revealed: Date of birth' });
      expect(parsed.message).to.equal('Sam Rivera (agent-042) revealed the sensitive field Date_Of_Birth of activity a-1.');
      expect(parsed.contributor).to.deep.equal({ type: 'user', id: 'agent-042', name: 'Sam Rivera' });
      expect(parsed.tags).to.deep.equal(['sensitive-reveal']);
    });
  });

  describe('end to end: errors, logs and diagnostics', () => {
    it('keep sensitive values out of error messages, the status log and the support report', async () => {
      const databaseName = `cc-test-masking-${crypto.randomUUID()}`;
      const store = await BuiltInStore.open({ databaseName, fieldSets: registry, timeoutMs: 15_000 });
      const logged: string[] = [];
      const original = { info: console.info, warn: console.warn, error: console.error, log: console.log };
      for (const level of ['info', 'warn', 'error', 'log'] as const) console[level] = (...args: unknown[]) => logged.push(args.map(String).join(' '));
      try {
        await seedDemoJourney(store);
        await ensureDemoRiderFields(store);
        const secret = 'Zq-not-a-date-1988';
        const failures: unknown[] = [];
        const jordan = await store.getCustomer(DEMO_IDS.jordan);
        await store.updateCustomer(DEMO_IDS.jordan, { expectedVersion: jordan.version, dataElements: { Date_Of_Birth: secret } }).catch((error: unknown) => failures.push(error));
        await store.createCustomer({ fieldsets: SETS, dataElements: { Context_Last_Name: 'Quinn', Date_Of_Birth: secret } }).catch((error: unknown) => failures.push(error));
        await store.updateCustomer(DEMO_IDS.jordan, { expectedVersion: 1, dataElements: { Date_Of_Birth: '1990-04-17' } }).catch((error: unknown) => failures.push(error));
        expect(failures).to.have.length(3);
        const stored = DEMO_RIDER_VALUES.Date_Of_Birth;
        const status = await store.status();
        const summary = summarize(status, { at: Date.now() });
        const texts = [
          ...failures.map((error) => `${(error as Error).message} ${JSON.stringify((error as { issues?: unknown }).issues ?? '')}`),
          JSON.stringify(status),
          formatReport(summary),
          formatStatusLine(summary),
          ...logged,
        ];
        for (const text of texts) {
          expect(text).not.to.contain(secret);
          expect(text).not.to.contain(stored);
        }
        expect(failures.map((error) => (error as { code: string }).code)).to.deep.equal(['invalid-input', 'invalid-input', 'conflict']);
      } finally {
        Object.assign(console, original);
        store.close();
        await BuiltInStore.deleteDatabase(databaseName);
      }
    });
  });
});
