import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import {
  BASE_FIELD_SETS,
  BASE_FIELD_SET_REGISTRY,
  COMMENT_FIELD_SET,
  CUSTOMER_FIELD_SET,
  FieldSetRegistry,
  LIMITS,
  POD_FIELD_SET,
  RATING_FIELD_SET,
  REQUEST_FIELD_SET,
  dataElementsSchema,
  fieldValueSchema,
} from '../../src/model/index.js';

describe('field sets', () => {
  describe('base field sets', () => {
    it("carry Context Service's field ids", () => {
      const ids = (setId: string) => BASE_FIELD_SET_REGISTRY.get(setId)?.fields.map((field) => field.id) ?? [];
      expect(ids(CUSTOMER_FIELD_SET)).to.include.members([
        'Context_First_Name',
        'Context_Last_Name',
        'Context_Work_Email',
        'Context_Home_Email',
        'Context_Mobile_Phone',
        'Context_Home_Phone',
        'Context_Work_Phone',
        'Context_Preferred_Language',
        'Context_Customer_External_ID',
      ]);
      expect(ids(REQUEST_FIELD_SET)).to.deep.equal(['Context_Title', 'Context_Description']);
      expect(ids(POD_FIELD_SET)).to.include.members(['Context_Notes', 'Context_POD_Source_Cust_Name', 'Context_POD_Source_Phone', 'Context_POD_Source_Email']);
      expect(ids(COMMENT_FIELD_SET)).to.deep.equal(['Context_Comment', 'Context_Visible', 'Context_DisplayName']);
      expect(ids(RATING_FIELD_SET)).to.deep.equal(['cccRatingComments', 'cccRatingPoints']);
    });

    it('type and classify fields: names are PII, ratings are integers, phones and emails have formats', () => {
      const find = (setId: string, fieldId: string) => BASE_FIELD_SET_REGISTRY.findField([setId], fieldId);
      expect(find(CUSTOMER_FIELD_SET, 'Context_First_Name')).to.include({ classification: 'PII', dataType: 'string', searchable: true });
      expect(find(CUSTOMER_FIELD_SET, 'Context_Mobile_Phone')?.format).to.equal('phone');
      expect(find(CUSTOMER_FIELD_SET, 'Context_Home_Email')?.format).to.equal('email');
      expect(find(CUSTOMER_FIELD_SET, 'Context_Preferred_Language')).to.include({ format: 'language', classification: 'UNENCRYPTED' });
      expect(find(RATING_FIELD_SET, 'cccRatingPoints')?.dataType).to.equal('integer');
      expect(find(COMMENT_FIELD_SET, 'Context_Visible')?.dataType).to.equal('boolean');
      for (const set of BASE_FIELD_SETS) for (const field of set.fields) expect(field.label['en-US'], field.id).to.be.a('string');
    });
  });

  describe('registry', () => {
    it('finds a field only among the given field sets, first set first', () => {
      expect(BASE_FIELD_SET_REGISTRY.findField([POD_FIELD_SET], 'Context_First_Name')).to.equal(undefined);
      expect(BASE_FIELD_SET_REGISTRY.findField([POD_FIELD_SET, CUSTOMER_FIELD_SET], 'Context_First_Name')?.id).to.equal('Context_First_Name');
      expect(BASE_FIELD_SET_REGISTRY.findField(['nope'], 'Context_First_Name')).to.equal(undefined);
      expect(BASE_FIELD_SET_REGISTRY.get('nope')).to.equal(undefined);
    });

    it("adds an organisation's own field set with defaults, without touching the shared one", () => {
      const registry = new FieldSetRegistry();
      registry.define({
        id: 'acme.vehicle-v2',
        fields: [{ id: 'VIN', dataType: 'string', classification: 'PII', label: { 'en-US': 'VIN' } } as never],
      });
      expect(registry.findField(['acme.vehicle-v2'], 'VIN')).to.include({ searchable: true, format: 'text' });
      expect(BASE_FIELD_SET_REGISTRY.get('acme.vehicle-v2')).to.equal(undefined);
    });

    it('refuses malformed definitions', () => {
      const registry = new FieldSetRegistry([]);
      const field = { id: 'VIN', dataType: 'string', classification: 'PII', searchable: true, format: 'text', label: {} } as const;
      expect(() => registry.define({ id: '1bad', fields: [field] })).to.throw();
      expect(() => registry.define({ id: 'acme', fields: [] })).to.throw();
      expect(() => registry.define({ id: 'acme', fields: [{ ...field, id: '_vin' }] })).to.throw();
      expect(() => registry.define({ id: 'acme', fields: [{ ...field, dataType: 'date' as never }] })).to.throw();
      expect(registry.get('acme')).to.equal(undefined);
    });
  });

  describe('stored values', () => {
    it('are text up to 2000 characters, finite numbers or booleans', () => {
      const ok = (value: unknown) => z.safeParse(fieldValueSchema, value).success;
      expect(ok('x'.repeat(LIMITS.fieldValueLength))).to.equal(true);
      expect(ok('x'.repeat(LIMITS.fieldValueLength + 1))).to.equal(false);
      expect(ok(4)).to.equal(true);
      expect(ok(true)).to.equal(true);
      for (const value of [Number.NaN, Infinity, null, {}, ['a']]) expect(ok(value), String(value)).to.equal(false);
      expect(z.safeParse(dataElementsSchema, { '': 'x' }).success).to.equal(false);
    });
  });
});
