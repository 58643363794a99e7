import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import fc from 'fast-check';
import {
  LIMITS,
  MEDIA_TYPES,
  byteSize,
  contributorSchema,
  idSchema,
  tagsSchema,
  textSchema,
  timestampSchema,
  toContextServiceMediaType,
  toMediaType,
} from '../../src/model/index.js';

function accepts(schema: z.ZodMiniType, value: unknown): boolean {
  return z.safeParse(schema, value).success;
}

describe('common model', () => {
  describe('timestamps', () => {
    it('stores an instant with an offset as UTC ISO', () => {
      expect(z.parse(timestampSchema, '2024-03-10T09:30:00+05:30')).to.equal('2024-03-10T04:00:00.000Z');
      expect(z.parse(timestampSchema, '2024-03-10T09:30:00-08:00')).to.equal('2024-03-10T17:30:00.000Z');
      expect(z.parse(timestampSchema, '2024-03-10T09:30:00.123456Z')).to.equal('2024-03-10T09:30:00.123Z');
    });

    it('refuses what is not an ISO date-time with a zone', () => {
      for (const value of ['2024-03-10T09:30:00', '2024-03-10', '10/03/2024 09:30', '2024-02-30T00:00:00Z', 'now', '', 1710063000000]) {
        expect(accepts(timestampSchema, value), String(value)).to.equal(false);
      }
    });

    it('never stores an instant it would refuse to read back', () => {
      // A far offset can push the instant past year 9999, which toISOString writes as "+010000-…".
      for (const value of ['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+01:00']) {
        const result = z.safeParse(timestampSchema, value);
        if (result.success) expect(accepts(timestampSchema, result.data), `${value} -> ${result.data}`).to.equal(true);
      }
    });

    it('is stable: a stored timestamp parses to itself', () => {
      fc.assert(
        fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
          const iso = date.toISOString();
          expect(z.parse(timestampSchema, iso)).to.equal(iso);
        }),
      );
    });
  });

  describe('text', () => {
    it('trims and bounds people-written text', () => {
      const title = textSchema(LIMITS.titleLength, 1);
      expect(z.parse(title, '  Motorcycle fault P0562 \n')).to.equal('Motorcycle fault P0562');
      expect(accepts(title, '   ')).to.equal(false);
      expect(accepts(title, 'x'.repeat(200))).to.equal(true);
      expect(accepts(title, 'x'.repeat(201))).to.equal(false);
      // Trimming happens before the length check.
      expect(z.parse(title, ` ${'x'.repeat(200)} `)).to.have.length(200);
    });

    it('keeps markup as plain text', () => {
      expect(z.parse(textSchema(100), '<img src=x onerror=alert(1)>')).to.equal('<img src=x onerror=alert(1)>');
    });
  });

  describe('tags', () => {
    it('are unique regardless of case and surrounding space', () => {
      expect(z.parse(tagsSchema, [' vip ', 'warranty'])).to.deep.equal(['vip', 'warranty']);
      expect(accepts(tagsSchema, ['VIP', 'vip'])).to.equal(false);
      expect(accepts(tagsSchema, ['vip', ' vip'])).to.equal(false);
    });

    it('are at most 50 characters and at most 50 of them', () => {
      expect(accepts(tagsSchema, ['t'.repeat(50)])).to.equal(true);
      expect(accepts(tagsSchema, ['t'.repeat(51)])).to.equal(false);
      expect(accepts(tagsSchema, [''])).to.equal(false);
      expect(accepts(tagsSchema, Array.from({ length: 50 }, (_, i) => `tag${i}`))).to.equal(true);
      expect(accepts(tagsSchema, Array.from({ length: 51 }, (_, i) => `tag${i}`))).to.equal(false);
    });
  });

  describe('ids', () => {
    it('accept UUIDs and imported keys, refuse unsafe ones', () => {
      for (const id of ['3f2b8c1e-9d4a-4f6b-8a51-0c2d7e9f1a34', 'CS-1042', 'pod:2024.7_a']) expect(accepts(idSchema, id), id).to.equal(true);
      for (const id of ['', '-leading', 'has space', 'a/b', '<script>', 'é', 'x'.repeat(129)]) expect(accepts(idSchema, id), id).to.equal(false);
    });
  });

  describe('contributors', () => {
    it('are a user or a machine and nothing else', () => {
      expect(accepts(contributorSchema, { type: 'user', id: 'agent42', name: 'Sam Lee' })).to.equal(true);
      expect(accepts(contributorSchema, { type: 'machine', id: 'cvp' })).to.equal(true);
      expect(accepts(contributorSchema, { type: 'robot', id: 'cvp' })).to.equal(false);
      expect(accepts(contributorSchema, { type: 'user', id: 'agent42', role: 'admin' })).to.equal(false);
    });
  });

  describe('media types', () => {
    it("read Context Service's mobile as sms, case and space aside", () => {
      expect(toMediaType('mobile')).to.equal('sms');
      expect(toMediaType(' Voice ')).to.equal('voice');
      expect(toMediaType('SMS')).to.equal('sms');
      expect(toMediaType('fax')).to.equal(undefined);
    });

    it('round-trip through the Context Service names', () => {
      expect(toContextServiceMediaType('sms')).to.equal('mobile');
      for (const mediaType of MEDIA_TYPES) expect(toMediaType(toContextServiceMediaType(mediaType))).to.equal(mediaType);
    });
  });

  describe('byte size', () => {
    it('counts UTF-8 bytes of the JSON, not characters', () => {
      expect(byteSize({ a: 'x' })).to.equal(9);
      expect(byteSize('é')).to.equal(4);
      expect(byteSize('😀')).to.equal(6);
    });
  });
});
