import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import {
  activityHasWords,
  searchWords,
  customerLookupKeys,
  foldForMatch,
  loadPhoneNormaliser,
  lookupIndexKey,
  lookupProbes,
  matchScore,
  type LookupProbe,
} from '../../src/model/index.js';

function keysOf(probes: readonly LookupProbe[]): string[] {
  return probes.map((probe) => probe.key);
}

describe('lookup', () => {
  describe('folding', () => {
    it('drops accents, case and extra spaces', () => {
      expect(foldForMatch('  José   ÁLVAREZ ')).to.equal('jose alvarez');
      expect(foldForMatch('Zoë\u00a0Brontë')).to.equal('zoe bronte');
      expect(foldForMatch('Ｊｏｒｄａｎ')).to.equal('jordan');
    });

    it('matches the same word however it is cased, including ß and Greek final sigma', () => {
      expect(foldForMatch('STRAUSS')).to.equal(foldForMatch('Strauß'));
      expect(foldForMatch('ΟΔΥΣΣΕΑΣ')).to.equal(foldForMatch('Οδυσσεασ'));
    });

    it('ignores invisible direction marks pasted with right-to-left names', () => {
      expect(foldForMatch('\u200fمحمد\u200f')).to.equal(foldForMatch('محمد'));
      expect(foldForMatch('\u202bדוד\u202c')).to.equal('דוד');
    });

    it('is idempotent and case-insensitive for any text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
          const folded = foldForMatch(value);
          expect(foldForMatch(folded)).to.equal(folded);
          expect(foldForMatch(value.toUpperCase())).to.equal(folded);
          expect(foldForMatch(value.toLowerCase())).to.equal(folded);
        }),
        { numRuns: 3000 },
      );
      for (const value of ['Strauß', 'ΟΔΥΣΣΕΑΣ', 'İstanbul', 'ǅemal', 'ﬁle', 'ᾀ', 'ﾞ', 'ẞ']) {
        expect(foldForMatch(value.toUpperCase()), value).to.equal(foldForMatch(value.toLowerCase()));
        expect(foldForMatch(foldForMatch(value)), value).to.equal(foldForMatch(value));
      }
    });
  });

  describe('customer keys', () => {
    it('index phones, folded emails, the whole name, each name word and the external id', () => {
      const keys = customerLookupKeys({
        id: 'c-1',
        dataElements: {
          Context_First_Name: 'Mary Ann',
          Context_Last_Name: 'Núñez',
          Context_Mobile_Phone: '+14085550142',
          Context_Work_Email: 'Mary.Nunez@Example.com',
          Context_Customer_External_ID: 'CRM-0042',
          Context_City: 'San Jose',
        },
      });
      expect(keys).to.have.members([
        'phone:+14085550142',
        'email:mary.nunez@example.com',
        'name:mary ann nunez',
        'name:mary',
        'name:ann',
        'name:nunez',
        'externalId:crm-0042',
      ]);
      expect(lookupIndexKey('phone', '+14085550142')).to.equal('phone:+14085550142');
    });

    it('index nothing for a customer with no searchable fields', () => {
      expect(customerLookupKeys({ id: 'c-2', dataElements: { Context_City: 'Leeds' } })).to.deep.equal([]);
    });
  });

  describe('probes', () => {
    it('read an email as an email only', async () => {
      const probes = lookupProbes(' Jordan.Ellis@Example.com ', await loadPhoneNormaliser('US'));
      expect(probes).to.deep.equal([{ key: 'email', value: 'jordan.ellis@example.com', prefix: false }]);
    });

    it('read a phone in any common format as the same E.164 number', async () => {
      const phone = await loadPhoneNormaliser('US');
      for (const query of ['(408) 555-0142', '+1 408 555 0142', '408.555.0142', '4085550142', '408-555-0142']) {
        const probe = lookupProbes(query, phone).find((candidate) => candidate.key === 'phone');
        expect(probe?.value, query).to.equal('+14085550142');
        expect(keysOf(lookupProbes(query, phone)), query).not.to.include('name');
      }
    });

    it('read a phone written in other digits, or full width, as the same E.164 number', async () => {
      const phone = await loadPhoneNormaliser('US');
      for (const query of ['٤٠٨ ٥٥٥ ٠١٤٢', '(۴۰۸) ۵۵۵-۰۱۴۲', '＋１ ４０８ ５５５ ０１４２', '४०८-५५५-०१४२']) {
        const probe = lookupProbes(query, phone).find((candidate) => candidate.key === 'phone');
        expect(probe?.value, query).to.equal('+14085550142');
      }
    });

    it('read a name written last name first, "Ellis, Jordan", as "Jordan Ellis"', async () => {
      const phone = await loadPhoneNormaliser('US');
      const nameOf = (query: string) => lookupProbes(query, phone).find((probe) => probe.key === 'name');
      expect(nameOf('Ellis, Jordan')).to.deep.equal({ key: 'name', value: 'jordan ellis', prefix: true });
      expect(nameOf('  ÉLLIS ,Jordan ')?.value).to.equal('jordan ellis');
      expect(nameOf('Ellis,')?.value).to.equal('ellis');
      expect(nameOf('Jordan Ellis')?.value).to.equal('jordan ellis');
    });

    it('read a UUID as an id first', async () => {
      const probes = lookupProbes('3f2b8c1e-9d4a-4f6b-8a51-0c2d7e9f1a34', await loadPhoneNormaliser('US'));
      expect(probes[0]).to.deep.equal({ key: 'id', value: '3f2b8c1e-9d4a-4f6b-8a51-0c2d7e9f1a34', prefix: false });
      expect(keysOf(probes)).not.to.include('phone');
    });

    it('read a name as a folded prefix of names', async () => {
      const phone = await loadPhoneNormaliser('US');
      const probes = lookupProbes('  Jordan   ELLIS ', phone);
      expect(keysOf(probes)).to.deep.equal(['externalId', 'name']);
      expect(probes.at(-1)).to.deep.equal({ key: 'name', value: 'jordan ellis', prefix: true });
      expect(keysOf(lookupProbes('Jordan', phone))).to.deep.equal(['id', 'externalId', 'name']);
      expect(lookupProbes('   ', phone)).to.deep.equal([]);
    });

    it('read Arabic and Hebrew names as names', async () => {
      const phone = await loadPhoneNormaliser('US');
      for (const query of ['محمد علي', 'דוד לוי', '\u200fمحمد']) {
        const probes = lookupProbes(query, phone);
        const name = probes.find((probe) => probe.key === 'name');
        expect(name, query).not.to.equal(undefined);
        expect(name?.value).to.equal(foldForMatch(query));
        expect(keysOf(probes), query).not.to.include('id');
      }
    });

    it('read emoji in a name as a name, so the customer stored with it is found', async () => {
      const phone = await loadPhoneNormaliser('US');
      const stored = customerLookupKeys({ id: 'c-3', dataElements: { Context_First_Name: '🌸' } });
      const probes = lookupProbes('🌸', phone);
      const name = probes.find((probe) => probe.key === 'name');
      expect(name).not.to.equal(undefined);
      expect(stored).to.include(lookupIndexKey('name', name!.value));
      expect(lookupProbes('Zoë 🌸', phone).find((probe) => probe.key === 'name')?.value).to.equal('zoe 🌸');
    });
  });

  describe('scores', () => {
    it('rank ids over exact keys over whole names over name prefixes', () => {
      expect(matchScore('id', true)).to.be.greaterThan(matchScore('phone', true));
      expect(matchScore('phone', true)).to.equal(matchScore('email', true));
      expect(matchScore('externalId', true)).to.be.greaterThan(matchScore('name', true));
      expect(matchScore('name', true)).to.be.greaterThan(matchScore('name', false));
      expect(matchScore('name', false)).to.be.greaterThan(0);
    });
  });
});

describe('activity text search', () => {
  const activity = {
    title: 'Service center locator',
    message: 'Clicked “Schedule Service Appointment”.',
    dataElements: { Context_Notes: 'Asked about Sunday hours' },
    breadcrumbs: ['Home', 'Find a service center', 'Santa Clara'],
    source: 'Cumulus website',
  };

  it('folds the query into words as stored text is folded', () => {
    expect(searchWords('  SANTA   Clára ')).to.deep.equal(['santa', 'clara']);
    expect(searchWords('   ')).to.deep.equal([]);
  });

  it('needs every word, from any of title, message, notes, pages visited and source', () => {
    expect(activityHasWords(activity, searchWords('santa sunday website'))).to.equal(true);
    expect(activityHasWords(activity, searchWords('schedule locator'))).to.equal(true);
    expect(activityHasWords(activity, searchWords('santa monday'))).to.equal(false);
    expect(activityHasWords(activity, [])).to.equal(true);
  });
});
