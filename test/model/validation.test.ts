import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import fc from 'fast-check';
import {
  BASE_FIELD_SETS,
  COMMENT_FIELD_SET,
  CUSTOMER_FIELD_SET,
  FieldSetRegistry,
  InvalidInputError,
  LIMITS,
  POD_FIELD_SET,
  RATING_FIELD_SET,
  assertWithinSize,
  customerSchema,
  loadPhoneNormaliser,
  normaliseDataElements,
  parseOrThrow,
  type ParseContext,
} from '../../src/model/index.js';

async function context(region = 'US'): Promise<ParseContext> {
  return { phone: await loadPhoneNormaliser(region) };
}

function invalid(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError, nothing was thrown');
}

describe('validation', () => {
  describe('parseOrThrow', () => {
    it('returns the parsed value', () => {
      expect(parseOrThrow(z.strictObject({ title: z.string().check(z.trim()) }), { title: ' Fault ' })).to.deep.equal({ title: 'Fault' });
    });

    it('names every bad field by its dotted path, under the prefix', () => {
      const schema = z.strictObject({ title: z.string(), appointment: z.strictObject({ start: z.string() }), tags: z.array(z.string()) });
      const error = invalid(() => parseOrThrow(schema, { title: 7, appointment: { start: false }, tags: ['a', 3] }, 'input'));
      expect(error.issues.map((issue) => issue.path)).to.have.members(['input.title', 'input.appointment.start', 'input.tags.1']);
      const scalar = invalid(() => parseOrThrow(z.int(), 'x', 'timeoutMs'));
      expect(scalar.issues[0]?.path).to.equal('timeoutMs');
    });

    it('says what was expected rather than a bare "Invalid input"', () => {
      const error = invalid(() => parseOrThrow(z.strictObject({ title: z.string(), state: z.enum(['active', 'closed']) }), { title: 7, state: 'open' }));
      for (const issue of error.issues) expect(issue.message, issue.path).not.to.equal('Invalid input');
      expect(error.issueAt('title')?.message).to.match(/string|text/i);
      expect(error.issueAt('state')?.message).to.contain('active');
      const missing = invalid(() => parseOrThrow(z.strictObject({ title: z.string() }), {}));
      expect(missing.issueAt('title')?.message).to.equal('Required');
    });

    it('reports each unknown property at its own path', () => {
      const error = invalid(() => parseOrThrow(z.strictObject({ title: z.string() }), { title: 'x', colour: 'red', size: 2 }, 'activity'));
      expect(error.issueAt('activity.colour')?.message).to.match(/unknown|unrecognized/i);
      expect(error.issueAt('activity.size')).not.to.equal(undefined);
    });
  });

  describe('normaliseDataElements', () => {
    it('normalises phones to E.164 in the default region, trims text, canonicalises language tags', async () => {
      const input = {
        Context_First_Name: '  Jordan ',
        Context_Mobile_Phone: '(408) 555-0142',
        Context_Work_Phone: '+44 20 7946 0958',
        Context_Preferred_Language: 'en-us',
        Context_Work_Email: ' jordan.ellis@example.com ',
      };
      const ctx = await context();
      // A number of another country needs its numbering plan: stores prepare their input so.
      await ctx.phone.prepare(input);
      const result = normaliseDataElements([CUSTOMER_FIELD_SET], input, ctx);
      expect(result).to.deep.equal({
        Context_First_Name: 'Jordan',
        Context_Mobile_Phone: '+14085550142',
        Context_Work_Phone: '+442079460958',
        Context_Preferred_Language: 'en-US',
        Context_Work_Email: 'jordan.ellis@example.com',
      });
    });

    it('reads national numbers in the configured region', async () => {
      const result = normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Home_Phone: '020 7946 0958' }, await context('GB'));
      expect(result['Context_Home_Phone']).to.equal('+442079460958');
    });


    it('refuses a field outside the object’s field sets at dataElements.<field>', async () => {
      const ctx = await context();
      const error = invalid(() => normaliseDataElements([POD_FIELD_SET], { Context_First_Name: 'Jordan', Shoe_Size: 44 }, ctx));
      expect(error.issueAt('dataElements.Context_First_Name')?.message).to.contain('Context_First_Name');
      expect(error.issueAt('dataElements.Shoe_Size')).not.to.equal(undefined);
    });

    it('refuses an unknown field set', async () => {
      const ctx = await context();
      const error = invalid(() => normaliseDataElements(['acme.loyalty'], {}, ctx));
      expect(error.issueAt('fieldsets')?.message).to.contain('acme.loyalty');
    });

    it('refuses invalid phones and emails, naming the field and the value', async () => {
      const ctx = await context();
      const error = invalid(() =>
        normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Mobile_Phone: '555-01', Context_Home_Email: 'jordan(at)example.com' }, ctx),
      );
      expect(error.issueAt('dataElements.Context_Mobile_Phone')?.message).to.contain('555-01');
      expect(error.issueAt('dataElements.Context_Home_Email')?.message).to.contain('jordan(at)example.com');
      for (const email of ['jordan@', '@example.com', 'jordan@example', 'jo rdan@example.com', 'a@b@example.com', 'jordan@example..com', 'jordan@.example.com']) {
        expect(() => normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Work_Email: email }, ctx), email).to.throw(InvalidInputError);
      }
      for (const email of ['jordan.ellis+cases@example.co.uk', 'j@x.io', 'jörg@beispiel.de']) {
        expect(normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Work_Email: email }, ctx)['Context_Work_Email'], email).to.equal(email);
      }
    });

    it('refuses what is not a language tag', async () => {
      const ctx = await context();
      expect(normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Preferred_Language: 'ZH-hant-tw' }, ctx)['Context_Preferred_Language']).to.equal('zh-Hant-TW');
      for (const tag of ['en_US!', 'English (US)', '12']) {
        const error = invalid(() => normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Preferred_Language: tag }, ctx));
        expect(error.issueAt('dataElements.Context_Preferred_Language'), tag).not.to.equal(undefined);
      }
    });

    it('keeps integers and booleans typed, by the field set', async () => {
      const ctx = await context();
      expect(normaliseDataElements([RATING_FIELD_SET], { cccRatingPoints: 4, cccRatingComments: ' Quick fix ' }, ctx)).to.deep.equal({
        cccRatingPoints: 4,
        cccRatingComments: 'Quick fix',
      });
      expect(normaliseDataElements([COMMENT_FIELD_SET], { Context_Visible: false }, ctx)).to.deep.equal({ Context_Visible: false });
      const error = invalid(() => normaliseDataElements([RATING_FIELD_SET, COMMENT_FIELD_SET], { cccRatingPoints: 4.5, Context_Visible: 'yes', Context_Comment: 12 }, ctx));
      expect(error.issueAt('dataElements.cccRatingPoints')?.message).to.equal('Must be a whole number');
      expect(error.issueAt('dataElements.Context_Visible')?.message).to.equal('Must be true or false');
      expect(error.issueAt('dataElements.Context_Comment')?.message).to.equal('Must be text');
      expect(() => normaliseDataElements([RATING_FIELD_SET], { cccRatingPoints: 2 ** 60 }, ctx)).to.throw(InvalidInputError);
    });

    it('handles double fields from an organisation’s own field set', async () => {
      const fieldSets = new FieldSetRegistry([
        ...BASE_FIELD_SETS,
        { id: 'acme.vehicle', fields: [{ id: 'odometerKm', dataType: 'double', classification: 'UNENCRYPTED', searchable: false, format: 'text', label: { 'en-US': 'Odometer' } }] },
      ]);
      const ctx = { ...(await context()), fieldSets };
      expect(normaliseDataElements(['acme.vehicle'], { odometerKm: 10432.5 }, ctx)).to.deep.equal({ odometerKm: 10432.5 });
      expect(() => normaliseDataElements(['acme.vehicle'], { odometerKm: Number.NaN }, ctx)).to.throw(InvalidInputError);
      expect(() => normaliseDataElements(['acme.vehicle'], { odometerKm: '10432' }, ctx)).to.throw(InvalidInputError);
    });

    it('removes a field given null or blank text, and merges over the base', async () => {
      const ctx = await context();
      const base = { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_City: 'San Jose' };
      const result = normaliseDataElements([CUSTOMER_FIELD_SET], { Context_Last_Name: null, Context_City: '   ', Context_State: 'CA' }, ctx, base);
      expect(result).to.deep.equal({ Context_First_Name: 'Jordan', Context_State: 'CA' });
      expect(base).to.deep.equal({ Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_City: 'San Jose' });
    });

    it('reports every bad field, not only the first', async () => {
      const ctx = await context();
      const error = invalid(() =>
        normaliseDataElements(
          [CUSTOMER_FIELD_SET],
          { Context_Mobile_Phone: 'call me', Context_Work_Email: 'nope', Context_City: 'x'.repeat(LIMITS.fieldValueLength + 1), Nickname: 'JJ' },
          ctx,
        ),
      );
      expect(error.issues.map((issue) => issue.path)).to.have.members([
        'dataElements.Context_Mobile_Phone',
        'dataElements.Context_Work_Email',
        'dataElements.Context_City',
        'dataElements.Nickname',
      ]);
      expect(error.message).to.contain('(and 3 more)');
    });

    it('bounds text at 2000 characters after trimming', async () => {
      const ctx = await context();
      const long = 'x'.repeat(LIMITS.fieldValueLength);
      expect(normaliseDataElements([POD_FIELD_SET], { Context_Notes: `  ${long}  ` }, ctx)['Context_Notes']).to.equal(long);
      expect(() => normaliseDataElements([POD_FIELD_SET], { Context_Notes: `${long}y` }, ctx)).to.throw(InvalidInputError);
    });

    it('never crashes on arbitrary unicode: a value or an InvalidInputError', async () => {
      const ctx = await context();
      const fields = ['Context_First_Name', 'Context_Mobile_Phone', 'Context_Work_Email', 'Context_Preferred_Language', 'Context_ZIP'];
      fc.assert(
        fc.property(fc.constantFrom(...fields), fc.string({ unit: 'binary', maxLength: 80 }), (field, value) => {
          try {
            const result = normaliseDataElements([CUSTOMER_FIELD_SET], { [field]: value }, ctx);
            const stored = result[field];
            if (stored !== undefined) expect(z.safeParse(customerSchema.shape.dataElements, result).success).to.equal(true);
          } catch (error) {
            expect(error).to.be.instanceOf(InvalidInputError);
            expect((error as InvalidInputError).issueAt(`dataElements.${field}`)).not.to.equal(undefined);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('assertWithinSize', () => {
    it('accepts up to 256 KB and refuses more, counting UTF-8 bytes', () => {
      const overhead = JSON.stringify({ notes: '' }).length;
      expect(() => assertWithinSize({ notes: 'x'.repeat(LIMITS.objectBytes - overhead) })).not.to.throw();
      const error = invalid(() => assertWithinSize({ notes: 'x'.repeat(LIMITS.objectBytes - overhead + 1) }));
      expect(error.issues[0]?.path).to.equal('');
      expect(error.message).to.contain('256 KB');
      // 100k "é" are 100k characters but 200k bytes; 140k of them exceed the limit.
      expect(() => assertWithinSize({ notes: 'é'.repeat(140_000) })).to.throw(InvalidInputError);
    });
  });
});
