import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ENVELOPE_PREFIX, FieldCipher, MAX_ENCRYPTED_BYTES, deriveFieldKeys, isEnvelope, storageRegistry } from '../../src/backend/encryption.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../../src/model/index.js';
import { DEMO_FIELD_SETS } from '../../src/demo/field-sets.js';

const secret = (fill: number) => new Uint8Array(32).fill(fill);

describe('field encryption', () => {
  describe('keys', () => {
    it('derives two distinct, non-extractable keys from one secret of at least 32 bytes', async () => {
      const keys = await deriveFieldKeys(secret(7));
      expect(keys.encryption.algorithm).to.include({ name: 'AES-GCM' });
      expect(keys.hashing.algorithm).to.include({ name: 'HMAC' });
      expect(keys.encryption.extractable || keys.hashing.extractable).to.equal(false);
      let refused: unknown;
      await deriveFieldKeys(new Uint8Array(16)).catch((error: unknown) => (refused = error));
      expect(refused).to.be.instanceOf(RangeError);
    });
  });

  describe('round trips', () => {
    it('gives back every value exactly, with its type', async () => {
      const cipher = new FieldCipher(await deriveFieldKeys(secret(1)));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean()),
          fc.constantFrom('Date_Of_Birth', 'Private_Mobile'),
          async (value, field) => {
            const envelope = await cipher.encrypt(value, field);
            expect(isEnvelope(envelope)).to.equal(true);
            expect(envelope.startsWith(ENVELOPE_PREFIX)).to.equal(true);
            expect(envelope.length).to.be.at.most(2000);
            const back = await cipher.decrypt(envelope, field);
            expect(Object.is(back, value) || back === value).to.equal(true);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('never writes the plaintext, and seals the same value differently each time', async () => {
      const cipher = new FieldCipher(await deriveFieldKeys(secret(1)));
      const first = await cipher.encrypt('1988-06-14', 'Date_Of_Birth');
      const second = await cipher.encrypt('1988-06-14', 'Date_Of_Birth');
      expect(first).not.to.equal(second);
      for (const envelope of [first, second]) {
        expect(envelope).not.to.contain('1988');
        expect(atob(envelope.slice(ENVELOPE_PREFIX.length).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).not.to.contain('1988');
      }
    });

    it('refuses to open with another key, in another field, or after tampering', async () => {
      const cipher = new FieldCipher(await deriveFieldKeys(secret(1)));
      const other = new FieldCipher(await deriveFieldKeys(secret(2)));
      const envelope = await cipher.encrypt('1988-06-14', 'Date_Of_Birth');
      const failures = await Promise.all([
        other.decrypt(envelope, 'Date_Of_Birth').then(() => 'opened', () => 'refused'),
        cipher.decrypt(envelope, 'Motorcycle_VIN').then(() => 'opened', () => 'refused'),
        cipher.decrypt(`${envelope.slice(0, -2)}AA`, 'Date_Of_Birth').then(() => 'opened', () => 'refused'),
      ]);
      expect(failures).to.deep.equal(['refused', 'refused', 'refused']);
    });

    it('refuses a value too long to fit a stored field once sealed', async () => {
      const cipher = new FieldCipher(await deriveFieldKeys(secret(1)));
      const fits = 'x'.repeat(MAX_ENCRYPTED_BYTES - 2);
      expect((await cipher.encrypt(fits, 'Notes')).length).to.be.at.most(2000);
      let refused: unknown;
      await cipher.encrypt('x'.repeat(MAX_ENCRYPTED_BYTES), 'Notes').catch((error: unknown) => (refused = error));
      expect(refused).to.be.instanceOf(RangeError);
    });
  });

  describe('lookup hashes', () => {
    it('are the same for the same value (emails case-folded), differ between keys, and hold no plaintext', async () => {
      const cipher = new FieldCipher(await deriveFieldKeys(secret(1)));
      const other = new FieldCipher(await deriveFieldKeys(secret(2)));
      const hash = await cipher.lookupHash('email', 'Jordan.Ellis@Example.com');
      expect(await cipher.lookupHash('email', 'jordan.ellis@example.com')).to.equal(hash);
      expect(await other.lookupHash('email', 'jordan.ellis@example.com')).not.to.equal(hash);
      expect(await cipher.lookupHash('phone', '+14085550199')).not.to.equal(await cipher.lookupHash('phone', '+14085550198'));
      expect(hash).not.to.contain('jordan');
    });
  });

  describe('storage field sets', () => {
    it('store sensitive fields as text envelopes, keep whether they are required, and leave the others as they are', () => {
      const registry = new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]);
      const stored = storageRegistry(registry);
      expect(stored.findField(['cumulus.rider'], 'Date_Of_Birth')).to.include({ dataType: 'string', format: 'text', sensitive: true });
      expect(stored.findField(['cumulus.rider'], 'Motorcycle_VIN')).to.deep.equal(registry.findField(['cumulus.rider'], 'Motorcycle_VIN'));
      expect(stored.all().map((set) => set.id)).to.deep.equal(registry.all().map((set) => set.id));
    });
  });
});
