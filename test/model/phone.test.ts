import { expect } from '@open-wc/testing';
import { loadPhoneNormaliser, looksLikePhone } from '../../src/model/index.js';

describe('phone numbers', () => {
  it('normalises any common US format to E.164 with the default region', async () => {
    const phone = await loadPhoneNormaliser('US');
    for (const raw of ['+1 408 555 0142', '(408) 555-0142', '408.555.0142', '4085550142']) {
      expect(phone.toE164(raw), raw).to.equal('+14085550142');
    }
  });

  it('reads national numbers in the configured region, not a hard-coded one', async () => {
    const gb = await loadPhoneNormaliser('gb');
    expect(gb.defaultRegion).to.equal('GB');
    expect(gb.toE164('020 7946 0958')).to.equal('+442079460958');
  });

  it('rejects what is not a phone number', async () => {
    const phone = await loadPhoneNormaliser('US');
    for (const raw of ['12', '555-0142', 'Jordan', '', '1'.repeat(100)]) {
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
  });

  it('formats a stored number for display, leaving what it cannot read as it is', async () => {
    const phone = await loadPhoneNormaliser('US');
    expect(phone.format('+14085550142')).to.equal('+1 408 555 0142');
    expect(phone.format('+442079460958')).to.equal('+44 20 7946 0958');
    expect(phone.format('not a number')).to.equal('not a number');
  });

  it('keeps an explicit country code whatever the default region', async () => {
    const gb = await loadPhoneNormaliser('GB');
    expect(gb.toE164('+1 (408) 555-0142')).to.equal('+14085550142');
    expect(gb.toE164('(408) 555-0142')).to.equal(undefined);
  });
});
