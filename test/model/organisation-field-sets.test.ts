import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  BASE_FIELD_SETS,
  CUSTOMER_FIELD_SET,
  FIELD_TYPES,
  FieldSetRegistry,
  InvalidInputError,
  LIMITS,
  fieldTypeOf,
  inspectDataElements,
  isCalendarDate,
  isFieldProblem,
  loadPhoneNormaliser,
  localisedLabel,
  normaliseDataElements,
  parseOrganisationFieldSets,
  readFieldInput,
  storedValueProblem,
  toOrganisationFieldSet,
  type FieldDefinition,
  type OrganisationField,
  type ParseContext,
} from '../../src/model/index.js';

/** The issue's example: a motorcycle VIN and a sensitive date of birth on every customer. */
const CUMULUS = {
  fieldSets: [
    {
      id: 'cumulus.rider',
      appliesTo: 'customer',
      label: { en: 'Rider', fr: 'Motard' },
      fields: [
        { id: 'Motorcycle_VIN', type: 'string', maxLength: 17, label: { en: 'Motorcycle VIN', fr: 'NIV de la moto' } },
        { id: 'Date_Of_Birth', type: 'date', sensitive: true, label: { en: 'Date of birth', fr: 'Date de naissance' } },
        { id: 'Riding_Level', type: 'enum', options: ['Beginner', 'Experienced'], label: { en: 'Riding level' } },
        { id: 'Club_Page', type: 'url', label: { en: 'Club page' } },
        { id: 'Licence_Points', type: 'number', required: true, label: { en: 'Licence points' } },
      ],
    },
  ],
};

function invalid(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError, nothing was thrown');
}

async function contextWith(...extra: ReturnType<typeof parseOrganisationFieldSets>): Promise<ParseContext> {
  return { phone: await loadPhoneNormaliser('US'), fieldSets: new FieldSetRegistry([...BASE_FIELD_SETS, ...extra]) };
}

const languageTag = fc.constantFrom('en', 'en-US', 'fr', 'fr-CA', 'de', 'es-MX', 'ja');
const fieldId = fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,20}$/).filter((id) => !id.startsWith('Context_'));
const label = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}[a-z]$/);

/** Any field an organisation may write. */
const organisationField: fc.Arbitrary<OrganisationField> = fc
  .record({
    id: fieldId,
    type: fc.constantFrom(...FIELD_TYPES),
    label: fc.dictionary(languageTag, label, { minKeys: 1, maxKeys: 3 }),
    required: fc.option(fc.boolean(), { nil: undefined }),
    sensitive: fc.option(fc.boolean(), { nil: undefined }),
    maxLength: fc.option(fc.integer({ min: 1, max: LIMITS.fieldValueLength }), { nil: undefined }),
    options: fc.uniqueArray(label, { minLength: 1, maxLength: 5 }),
  })
  .map(({ type, maxLength, options, required, sensitive, ...rest }) => ({
    ...rest,
    type,
    ...(required !== undefined ? { required } : {}),
    ...(sensitive !== undefined ? { sensitive } : {}),
    ...(maxLength !== undefined && type === 'string' ? { maxLength } : {}),
    ...(type === 'enum' ? { options } : {}),
  }));

const organisationDocument = fc
  .uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z][a-z0-9]{0,8}\.[a-z][a-z0-9-]{0,10}$/),
      appliesTo: fc.constantFrom('customer', 'activity', 'request' as const),
      fields: fc.uniqueArray(organisationField, { minLength: 1, maxLength: 6, selector: (field) => field.id }),
    }),
    { minLength: 1, maxLength: 3, selector: (set) => set.id },
  )
  .map((fieldSets) => ({ fieldSets }));

describe('organisation field sets', () => {
  describe('parsing the JSON', () => {
    it('reads the types, required, maximum length, sensitive flag and labels into definitions', () => {
      const [rider] = parseOrganisationFieldSets(CUMULUS);
      expect(rider).to.include({ id: 'cumulus.rider', appliesTo: 'customer' });
      const field = (id: string) => rider!.fields.find((candidate) => candidate.id === id)!;
      expect(field('Motorcycle_VIN')).to.include({ dataType: 'string', format: 'text', maxLength: 17, sensitive: false, required: false });
      expect(field('Date_Of_Birth')).to.include({ dataType: 'string', format: 'date', sensitive: true, classification: 'PII', searchable: false });
      expect(field('Riding_Level').options).to.deep.equal(['Beginner', 'Experienced']);
      expect(field('Club_Page').format).to.equal('url');
      expect(field('Licence_Points')).to.include({ dataType: 'double', required: true });
      expect(field('Date_Of_Birth').label).to.deep.equal({ en: 'Date of birth', fr: 'Date de naissance' });
    });

    it('accepts every well-formed document, and reads its export back to the same definitions', () => {
      fc.assert(
        fc.property(organisationDocument, (document) => {
          const definitions = parseOrganisationFieldSets(document);
          const exported = { fieldSets: definitions.map(toOrganisationFieldSet) };
          expect(parseOrganisationFieldSets(JSON.parse(JSON.stringify(exported)))).to.deep.equal(definitions);
          // Only defaults are left out of the export.
          exported.fieldSets.forEach((set, index) => expect(set.fields.map((field) => field.id)).to.deep.equal(document.fieldSets[index]!.fields.map((field) => field.id)));
          for (const set of definitions) for (const field of set.fields) expect(FIELD_TYPES).to.include(fieldTypeOf(field));
          // What a document gives, a registry takes.
          expect(() => new FieldSetRegistry([...BASE_FIELD_SETS, ...definitions])).not.to.throw();
        }),
        { numRuns: 200 },
      );
    });

    it('names each problem at its path: unknown types, enums without options, lengths on numbers, bad labels', () => {
      const error = invalid(() =>
        parseOrganisationFieldSets({
          fieldSets: [
            {
              id: 'acme.one',
              appliesTo: 'customer',
              fields: [
                { id: 'Shoe', type: 'decimal', label: { en: 'Shoe' } },
                { id: 'Size', type: 'enum', label: { en: 'Size' } },
                { id: 'Km', type: 'number', maxLength: 4, label: { en: 'Km' } },
                { id: 'Nick', type: 'string', label: { 'not a tag!': 'Nick' } },
                { id: 'Bare', type: 'string', label: {} },
                { id: 'Extra', type: 'string', label: { en: 'Extra' }, colour: 'red' },
              ],
            },
          ],
        }),
      );
      const paths = error.issues.map((issue) => issue.path);
      expect(paths).to.include('fieldSets.0.fields.0.type');
      expect(paths).to.include('fieldSets.0.fields.5.colour');
      expect(paths.some((path) => path.startsWith('fieldSets.0.fields.3.label'))).to.equal(true);
      expect(paths).to.include('fieldSets.0.fields.4.label');
      // The rules between properties are checked once each field is well formed.
      const rules = invalid(() =>
        parseOrganisationFieldSets({
          fieldSets: [
            {
              id: 'acme.one',
              appliesTo: 'customer',
              fields: [
                { id: 'Size', type: 'enum', label: { en: 'Size' } },
                { id: 'Km', type: 'number', maxLength: 4, label: { en: 'Km' } },
                { id: 'Nick', type: 'string', options: ['a'], label: { en: 'Nick' } },
              ],
            },
          ],
        }),
      );
      expect(rules.issueAt('fieldSets.0.fields.0.options')?.message).to.contain('options');
      expect(rules.issueAt('fieldSets.0.fields.1.maxLength')?.message).to.contain('text');
      expect(rules.issueAt('fieldSets.0.fields.2.options')).not.to.equal(undefined);
    });

    it('refuses a set defined twice, a field twice in a set, a base field id and the reserved cisco. prefix', () => {
      const field = { id: 'VIN', type: 'string', label: { en: 'VIN' } };
      const error = invalid(() =>
        parseOrganisationFieldSets({
          fieldSets: [
            { id: 'acme.bike', appliesTo: 'customer', fields: [field, field] },
            { id: 'acme.bike', appliesTo: 'activity', fields: [{ ...field, id: 'Context_First_Name' }] },
          ],
        }),
      );
      expect(error.issueAt('fieldSets.0.fields.1.id')?.message).to.contain('twice');
      expect(error.issueAt('fieldSets.1.id')?.message).to.contain('twice');
      expect(error.issueAt('fieldSets.1.fields.0.id')?.message).to.contain('base field');
      const reserved = invalid(() => parseOrganisationFieldSets({ fieldSets: [{ id: 'cisco.base.bike', appliesTo: 'customer', fields: [field] }] }));
      expect(reserved.issueAt('fieldSets.0.id')?.message).to.contain('reserved');
    });

    it('never throws anything but an InvalidInputError, whatever the JSON', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (json) => {
          try {
            parseOrganisationFieldSets(json);
          } catch (error) {
            expect(error).to.be.instanceOf(InvalidInputError);
          }
        }),
      );
    });
  });

  describe('labels', () => {
    it('are read in the closest language, then English, then any, then the id', () => {
      const labels = { en: 'Date of birth', 'fr-FR': 'Date de naissance' };
      expect(localisedLabel(labels, 'fr-CA', 'x')).to.equal('Date de naissance');
      expect(localisedLabel(labels, 'fr', 'x')).to.equal('Date de naissance');
      expect(localisedLabel(labels, 'de', 'x')).to.equal('Date of birth');
      expect(localisedLabel({ de: 'Geburtsdatum' }, 'fr', 'x')).to.equal('Geburtsdatum');
      expect(localisedLabel({}, 'fr', 'Date_Of_Birth')).to.equal('Date_Of_Birth');
      expect(localisedLabel(undefined, undefined, 'Date_Of_Birth')).to.equal('Date_Of_Birth');
    });
  });

  describe('validating values', () => {
    it('reads each type: dates, web addresses, options as spelled, numbers, bounded text', async () => {
      const ctx = await contextWith(...parseOrganisationFieldSets(CUMULUS));
      const sets = [CUSTOMER_FIELD_SET, 'cumulus.rider'];
      expect(
        normaliseDataElements(
          sets,
          { Motorcycle_VIN: ' 1HD1KHM19NB612345 ', Date_Of_Birth: '1988-02-29', Riding_Level: 'experienced', Club_Page: 'https://cumulus.example/club', Licence_Points: 12 },
          ctx,
        ),
      ).to.deep.equal({
        Motorcycle_VIN: '1HD1KHM19NB612345',
        Date_Of_Birth: '1988-02-29',
        Riding_Level: 'Experienced',
        Club_Page: 'https://cumulus.example/club',
        Licence_Points: 12,
      });
      const error = invalid(() =>
        normaliseDataElements(
          sets,
          { Motorcycle_VIN: 'X'.repeat(18), Date_Of_Birth: '1987-02-29', Riding_Level: 'Expert', Club_Page: 'javascript:alert(1)', Licence_Points: '12' },
          ctx,
        ),
      );
      expect(error.issueAt('dataElements.Motorcycle_VIN')?.message).to.equal('Must be at most 17 characters');
      expect(error.issueAt('dataElements.Date_Of_Birth')?.message).to.contain('Not a date');
      expect(error.issueAt('dataElements.Riding_Level')?.message).to.equal('Must be one of: Beginner, Experienced');
      expect(error.issueAt('dataElements.Club_Page')?.message).to.contain('javascript:alert(1)');
      expect(error.issueAt('dataElements.Licence_Points')?.message).to.equal('Must be a number');
    });

    it('never quotes a sensitive value in an error message', async () => {
      const ctx = await contextWith(...parseOrganisationFieldSets(CUMULUS));
      fc.assert(
        fc.property(fc.stringMatching(/^Zq[0-9a-z/.-]{2,30}$/).filter((text) => !isCalendarDate(text)), (secret) => {
          const error = invalid(() => normaliseDataElements(['cumulus.rider'], { Date_Of_Birth: secret, Licence_Points: 1 }, ctx));
          expect(error.message).not.to.contain(secret);
          for (const issue of error.issues) expect(issue.message).not.to.contain(secret);
          expect(error.issueAt('dataElements.Date_Of_Birth')?.message).to.contain('Not a date');
        }),
      );
    });

    it('requires a required field on a new object and refuses its removal, but lets an older record without it be changed', async () => {
      const ctx = await contextWith(...parseOrganisationFieldSets(CUMULUS));
      const created = invalid(() => normaliseDataElements(['cumulus.rider'], { Motorcycle_VIN: 'VIN1' }, ctx));
      expect(created.issueAt('dataElements.Licence_Points')?.message).to.equal('Required');
      const removed = invalid(() => normaliseDataElements(['cumulus.rider'], { Licence_Points: null }, ctx, { Licence_Points: 3 }));
      expect(removed.issueAt('dataElements.Licence_Points')?.message).to.equal('Required');
      expect(normaliseDataElements(['cumulus.rider'], { Motorcycle_VIN: 'VIN2' }, ctx, { Motorcycle_VIN: 'VIN1' })).to.deep.equal({ Motorcycle_VIN: 'VIN2' });
    });

    it('accepts exactly the calendar dates', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
          const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
          const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
          expect(isCalendarDate(text), text).to.equal(month >= 1 && month <= 12 && day >= 1 && day <= days);
        }),
        { numRuns: 500 },
      );
    });

    it('keeps text of up to the maximum length and refuses longer text, for any maximum', async () => {
      const phone = await loadPhoneNormaliser('US');
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 }), (maxLength, length) => {
          const [set] = parseOrganisationFieldSets({ fieldSets: [{ id: 'acme.x', appliesTo: 'customer', fields: [{ id: 'Code', type: 'string', maxLength, label: { en: 'Code' } }] }] });
          const ctx = { phone, fieldSets: new FieldSetRegistry([set!]) };
          const value = 'a'.repeat(length);
          if (length <= maxLength) expect(normaliseDataElements(['acme.x'], { Code: value }, ctx)).to.deep.equal({ Code: value });
          else expect(invalid(() => normaliseDataElements(['acme.x'], { Code: value }, ctx)).issueAt('dataElements.Code')?.message).to.contain(String(maxLength));
        }),
      );
    });

    it('stores only values that read back as fitting their field, whatever was sent', async () => {
      const phone = await loadPhoneNormaliser('US');
      const anyValue = fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.integer(), fc.boolean(), fc.constantFrom('2020-01-31', 'https://a.example', 'a@b.example', '+14085550142'));
      fc.assert(
        fc.property(organisationField, anyValue, (field, value) => {
          const [set] = parseOrganisationFieldSets({ fieldSets: [{ id: 'acme.x', appliesTo: 'customer', fields: [{ ...field, required: false }] }] });
          const ctx = { phone, fieldSets: new FieldSetRegistry([set!]) };
          let stored;
          try {
            stored = normaliseDataElements(['acme.x'], { [field.id]: value }, ctx);
          } catch (error) {
            expect(error).to.be.instanceOf(InvalidInputError);
            return;
          }
          const definition = set!.fields[0]!;
          if (stored[field.id] !== undefined) expect(storedValueProblem(definition, stored[field.id]), JSON.stringify(stored)).to.equal(undefined);
        }),
        { numRuns: 300 },
      );
    });

    it('reads what an agent types the way the store would, without the phone engine', () => {
      const [set] = parseOrganisationFieldSets(CUMULUS);
      const field = (id: string): FieldDefinition => set!.fields.find((candidate) => candidate.id === id)!;
      expect(readFieldInput(field('Licence_Points'), ' 12,5 ')).to.equal(12.5);
      expect(readFieldInput(field('Licence_Points'), '')).to.deep.equal({ kind: 'required' });
      expect(readFieldInput(field('Licence_Points'), '12 points')).to.deep.equal({ kind: 'type', expected: 'number' });
      expect(readFieldInput(field('Date_Of_Birth'), '')).to.equal(null);
      expect(readFieldInput(field('Date_Of_Birth'), '17/04/1990')).to.deep.equal({ kind: 'date' });
      expect(readFieldInput(field('Riding_Level'), 'beginner')).to.equal('Beginner');
      expect(isFieldProblem(readFieldInput(field('Motorcycle_VIN'), 'x'.repeat(18)))).to.equal(true);
    });
  });

  describe('inspecting stored data', () => {
    it('marks unknown and mistyped elements, keeps every element, and never throws', () => {
      const registry = new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(CUMULUS)]);
      const inspected = inspectDataElements(
        [CUSTOMER_FIELD_SET, 'cumulus.rider'],
        { Context_First_Name: 'Jordan', Date_Of_Birth: 19880229, Loyalty_Tier: 'Gold', Context_Mobile_Phone: '408 555 0142' },
        registry,
      );
      expect(inspected.map((element) => element.key)).to.deep.equal(['Context_First_Name', 'Date_Of_Birth', 'Loyalty_Tier', 'Context_Mobile_Phone']);
      expect(inspected[0]!.problem).to.equal(undefined);
      expect(inspected[1]!.problem).to.deep.equal({ kind: 'type', expected: 'text' });
      expect(inspected[2]!.definition).to.equal(undefined);
      expect(inspected[3]!.problem).to.deep.equal({ kind: 'phone' });
      fc.assert(
        fc.property(fc.anything(), fc.anything(), (fieldsets, data) => {
          const result = inspectDataElements(fieldsets as string[], data, registry);
          expect(result).to.be.an('array');
        }),
      );
    });
  });
});
