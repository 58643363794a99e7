import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { parsePhoneNumberFromString as parseWithAllPlans, type CountryCode } from 'libphonenumber-js/min';
import { loadPhoneNormaliser, looksLikePhone } from '../../src/model/index.js';
import { asciiDigits, loadedCallingCodes } from '../../src/model/phone-plans.js';
import plansIndex from '../../src/generated/phone/index.js';

describe('phone numbers', () => {
  // First in the file: the plans are shared by the page, so later cases load more of them.
  it('loads only the default region’s numbering plan until a number needs another', async () => {
    const phone = await loadPhoneNormaliser('US');
    expect(loadedCallingCodes()).to.deep.equal(['1']);
    expect(phone.toE164('(408) 555-0142')).to.equal('+14085550142');
    expect(phone.format('+442079460958'), 'not loaded yet').to.equal(undefined);
    expect(() => phone.toE164('+44 20 7946 0958')).to.throw(/\+44 is not loaded/);
    await phone.prepare({ dataElements: { Context_Home_Phone: '+44 20 7946 0958', Context_First_Name: 'Jordan' } });
    expect(loadedCallingCodes()).to.deep.equal(['1', '44']);
    expect(phone.toE164('+44 20 7946 0958')).to.equal('+442079460958');
    expect(phone.format('+442079460958')).to.equal('+44 20 7946 0958');
  });

  it('normalises any common US format to E.164 with the default region', async () => {
    const phone = await loadPhoneNormaliser('US');
    for (const raw of ['+1 408 555 0142', '(408) 555-0142', '408.555.0142', '4085550142', '011 1 408 555 0142']) {
      expect(phone.toE164(raw), raw).to.equal('+14085550142');
    }
  });

  it('reads national numbers in the configured region, not a hard-coded one', async () => {
    const gb = await loadPhoneNormaliser('gb');
    expect(gb.defaultRegion).to.equal('GB');
    expect(gb.toE164('020 7946 0958')).to.equal('+442079460958');
  });

  it('reads a number dialled with the region’s international prefix', async () => {
    const gb = await loadPhoneNormaliser('GB');
    await gb.prepare('00 49 30 901820');
    expect(gb.toE164('00 49 30 901820')).to.equal('+4930901820');
  });

  it('prepares numbers written in other digits, and finds nothing to load in ids and timestamps', async () => {
    const gb = await loadPhoneNormaliser('GB');
    const fullWidth = '００ ３３ １ ４２ ６８ ５３ ００';
    await gb.prepare({ id: '3f2b8c1e-9d4a-4f6b-8a51-0c2d7e9f1a34', created: '2026-11-20T11:00:00.000Z', phone: fullWidth });
    expect(loadedCallingCodes()).to.include('33');
    expect(gb.toE164(fullWidth)).to.equal('+33142685300');
  });

  it('rejects what is not a phone number', async () => {
    const phone = await loadPhoneNormaliser('US');
    for (const raw of ['12', '555-0142', 'Jordan', '', '1'.repeat(100), '+999 123 4567', '+']) {
      await phone.prepare(raw);
      expect(phone.toE164(raw), raw).to.equal(undefined);
    }
  });

  it('refuses an unknown region with a clear error', async () => {
    let error: unknown;
    try {
      await loadPhoneNormaliser('XX');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(RangeError);
    expect((error as Error).message).to.contain('XX');
  });

  it('tells phone-like queries from names', () => {
    expect(looksLikePhone('(408) 555-0142')).to.equal(true);
    expect(looksLikePhone('Ellis')).to.equal(false);
    expect(looksLikePhone('12')).to.equal(false);
    expect(looksLikePhone('Ellis 4085550142')).to.equal(false);
  });

  it('reads every script\'s decimal digits as ASCII ones, and leaves everything else', () => {
    const runs = ['0', '٠', '۰', '०', '০', '௦', '๐', '０', '𝟎', '𝟘', '𝟶'];
    for (const zero of runs) {
      const digits = Array.from({ length: 10 }, (_, value) => String.fromCodePoint(zero.codePointAt(0)! + value)).join('');
      expect(asciiDigits(digits), zero).to.equal('0123456789');
    }
    expect(asciiDigits('＋１ (４０８) Jordan Ⅻ ½ ²')).to.equal('＋1 (408) Jordan Ⅻ ½ ²');
  });

  it('tells numbers written in other scripts\' digits, or full width, for phone numbers', () => {
    expect(looksLikePhone('٠٥٠ ١٢٣ ٤٥٦٧')).to.equal(true);
    expect(looksLikePhone('۰۹۱۲ ۳۴۵ ۶۷۸۹')).to.equal(true);
    expect(looksLikePhone('＋１ ４０８ ５５５ ０１４２')).to.equal(true);
    expect(looksLikePhone('४०८–५५५–०१४२')).to.equal(true);
    expect(looksLikePhone('٠١٢')).to.equal(false);
  });

  it('formats a stored number for display, leaving what it cannot read as it is', async () => {
    const phone = await loadPhoneNormaliser('US');
    await phone.prepare(['+14085550142', '+442079460958']);
    expect(phone.format('+14085550142')).to.equal('+1 408 555 0142');
    expect(phone.format('+442079460958')).to.equal('+44 20 7946 0958');
    expect(phone.format('not a number')).to.equal('not a number');
    expect(phone.format('+999 1')).to.equal('+999 1');
    await phone.prepare('+800 1234 5678');
    expect(phone.toE164('+800 1234 5678'), 'freephone, of no country').to.equal('+80012345678');
    expect(phone.format('+80012345678')).to.equal('+800 1234 5678');
  });

  it('keeps an explicit country code whatever the default region', async () => {
    const gb = await loadPhoneNormaliser('GB');
    await gb.prepare('+1 (408) 555-0142');
    expect(gb.toE164('+1 (408) 555-0142')).to.equal('+14085550142');
    expect(gb.toE164('(408) 555-0142')).to.equal(undefined);
  });

  it('reads every number as libphonenumber-js does with all plans loaded', async () => {
    const codes = [...Object.keys(plansIndex.callingCodes), ...plansIndex.nonGeographicCodes];
    const regions = ['US', 'GB', 'DE', 'BR', 'AU', 'JP'] as const;
    const separator = fc.constantFrom('', ' ', '-', '.');
    const written = fc.record({
      region: fc.constantFrom(...regions),
      code: fc.constantFrom(...codes),
      digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 12 }),
      form: fc.constantFrom('plus', 'international prefix', 'national'),
      separator,
    });
    const idd: Record<(typeof regions)[number], string> = { US: '011', GB: '00', DE: '00', BR: '0021', AU: '0011', JP: '010' };
    await fc.assert(
      fc.asyncProperty(written, async ({ region, code, digits, form, separator }) => {
        const national = digits.join('');
        const raw =
          form === 'plus' ? `+${code}${separator}${national}` : form === 'national' ? national : `${idd[region]}${separator}${code}${separator}${national}`;
        const phone = await loadPhoneNormaliser(region);
        await phone.prepare(raw);
        const expected = parseWithAllPlans(raw, region as CountryCode);
        expect(phone.toE164(raw), `${raw} in ${region}`).to.equal(expected?.isValid() ? expected.number : undefined);
      }),
      { numRuns: 400 },
    );
  });
});
