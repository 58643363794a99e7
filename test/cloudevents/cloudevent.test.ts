import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import {
  attributeNameProblem,
  dataOf,
  extensionsOf,
  isAttributeString,
  isBase64,
  isJsonContentType,
  isContentType,
  isTimestamp,
  isUri,
  isUriReference,
  parseCloudEvent,
  parseCloudEventBatch,
  parseCloudEvents,
  parseCloudEventsJson,
  timestampMillis,
  type CloudEventParseOptions,
} from '../../src/cloudevents/index.js';
import { refused } from './support.js';

const MINIMAL = { specversion: '1.0', id: 'e-1', type: 'com.example.thing.happened', source: '/things' } as const;

describe('CloudEvents: one event', () => {
  describe('core attributes', () => {
    it('keeps every core attribute as given', () => {
      const event = {
        ...MINIMAL,
        datacontenttype: 'application/json; charset=utf-8',
        dataschema: 'https://example.com/schemas/thing.json#/defs/v1',
        subject: 'thing-7',
        time: '2024-03-10T09:30:00.5+05:30',
        data: { a: 1 },
      };
      expect(parseCloudEvent(event)).to.deep.equal(event);
    });

    it('reports every problem at once, each at its attribute', () => {
      const error = refused(() => parseCloudEvent({ specversion: '1.0', id: '', source: 'not a uri', time: 'noon', Bad: 1 }));
      expect(error.issueAt('id')?.message).to.equal('Must not be empty');
      expect(error.issueAt('type')?.message).to.equal('Required');
      expect(error.issueAt('source')?.message).to.contain('URI-reference');
      expect(error.issueAt('time')?.message).to.contain('RFC 3339');
      expect(error.issueAt('Bad')?.message).to.contain('lower-case');
    });

    it('treats null attributes as absent, but keeps data: null as a payload of null', () => {
      expect(parseCloudEvent({ ...MINIMAL, subject: null, time: null, myext: null })).to.deep.equal(MINIMAL);
      const event = parseCloudEvent({ ...MINIMAL, data: null });
      expect(Object.hasOwn(event, 'data')).to.equal(true);
      expect(dataOf(event)).to.deep.equal({ data: null });
    });

    it('still requires the required attributes when they are null', () => {
      expect(refused(() => parseCloudEvent({ ...MINIMAL, id: null })).issueAt('id')?.message).to.equal('Required');
    });

    it('refuses control characters and unpaired surrogates in String attributes', () => {
      expect(refused(() => parseCloudEvent({ ...MINIMAL, subject: 'a\nb' })).issueAt('subject')).not.to.equal(undefined);
      expect(refused(() => parseCloudEvent({ ...MINIMAL, id: '\uDEAD' })).issueAt('id')).not.to.equal(undefined);
      expect(parseCloudEvent({ ...MINIMAL, subject: 'motorcycle \uD83C\uDFCD' }).subject).to.equal('motorcycle \uD83C\uDFCD');
    });

    it('needs a URI with a scheme for dataschema', () => {
      expect(refused(() => parseCloudEvent({ ...MINIMAL, dataschema: '/schemas/thing.json' })).issueAt('dataschema')).not.to.equal(undefined);
    });

    it('refuses a batch where one event is expected', () => {
      expect(refused(() => parseCloudEvent([MINIMAL])).issues[0]?.message).to.contain('not a batch');
    });
  });

  describe('data', () => {
    it('decodes data_base64 to bytes', () => {
      const event = parseCloudEvent({ ...MINIMAL, datacontenttype: 'application/octet-stream', data_base64: 'TWE=' });
      expect(dataOf(event)).to.deep.equal({ bytes: new Uint8Array([77, 97]) });
    });

    it('refuses data_base64 that is not Base64', () => {
      expect(refused(() => parseCloudEvent({ ...MINIMAL, data_base64: 'TWE' })).issueAt('data_base64')).not.to.equal(undefined);
    });

    it('needs text data when the content type is not JSON', () => {
      const error = refused(() => parseCloudEvent({ ...MINIMAL, datacontenttype: 'application/xml', data: { a: 1 } }));
      expect(error.issueAt('data')?.message).to.contain('application/xml');
      expect(parseCloudEvent({ ...MINIMAL, datacontenttype: 'application/xml', data: '<much wow="xml"/>' }).data).to.equal('<much wow="xml"/>');
    });

    it('takes any JSON value as data when the content type is JSON or absent', () => {
      for (const data of ['just a string', 42, [1, 2], { nested: { deep: true } }]) {
        expect(parseCloudEvent({ ...MINIMAL, data }).data).to.deep.equal(data);
        expect(parseCloudEvent({ ...MINIMAL, datacontenttype: 'application/vnd.example+json', data }).data).to.deep.equal(data);
      }
    });

    it('tells JSON content types from others', () => {
      expect(isJsonContentType(undefined)).to.equal(true);
      expect(isJsonContentType('application/json')).to.equal(true);
      expect(isJsonContentType('Application/JSON; charset=utf-8')).to.equal(true);
      expect(isJsonContentType('application/cloudevents+json')).to.equal(true);
      expect(isJsonContentType('text/json')).to.equal(true);
      expect(isJsonContentType('text/plain')).to.equal(false);
      expect(isJsonContentType('application/jsonl')).to.equal(false);
    });
  });

  describe('extension attributes', () => {
    it('keeps well-named extensions of the JSON types an attribute can have', () => {
      const event = parseCloudEvent({ ...MINIMAL, traceparent: '00-abc-01', partitionkey: 'k', sequence: 7, replay: false });
      expect(extensionsOf(event)).to.deep.equal({ traceparent: '00-abc-01', partitionkey: 'k', sequence: 7, replay: false });
    });

    it('refuses names that are not lower-case letters and digits, or longer than 20 characters', () => {
      expect(attributeNameProblem('comexampleextension1')).to.equal(undefined);
      expect(attributeNameProblem('My')).to.contain('lower-case');
      expect(attributeNameProblem('my_ext')).to.contain('lower-case');
      expect(attributeNameProblem('')).to.contain('lower-case');
      expect(attributeNameProblem('a'.repeat(21))).to.contain('at most 20');
      expect(refused(() => parseCloudEvent({ ...MINIMAL, comexampleextensionab: 'x' })).issueAt('comexampleextensionab')).not.to.equal(undefined);
    });

    it('refuses objects, lists, fractions and numbers outside the Integer range', () => {
      for (const value of [{ a: 1 }, [1], 1.5, 2 ** 31, -(2 ** 31) - 1]) {
        expect(refused(() => parseCloudEvent({ ...MINIMAL, myext: value })).issueAt('myext'), JSON.stringify(value)).not.to.equal(undefined);
      }
      expect(parseCloudEvent({ ...MINIMAL, low: -(2 ** 31), high: 2 ** 31 - 1 })).to.include({ low: -(2 ** 31), high: 2 ** 31 - 1 });
    });

    it('checks declared extensions against their type', () => {
      const options: CloudEventParseOptions = {
        extensions: { count: { type: 'Integer' }, flag: { type: 'Boolean' }, link: { type: 'URI' }, at: { type: 'Timestamp' }, blob: { type: 'Binary' } },
      };
      const error = refused(() => parseCloudEvent({ ...MINIMAL, count: 'ten', flag: 'true', link: '/relative', at: 'today', blob: '!' }, options));
      expect(error.issues.map((issue) => issue.path).sort()).to.deep.equal(['at', 'blob', 'count', 'flag', 'link']);
      expect(parseCloudEvent({ ...MINIMAL, count: 10, flag: true, link: 'urn:isbn:0451450523', at: '2023-03-31T15:12:00Z', blob: '' }, options)).to.include({ count: 10 });
    });

    it('applies a declared constraint to values of the right type', () => {
      const options: CloudEventParseOptions = {
        extensions: { shortstring: { type: 'String', constraint: (value) => (String(value).length <= 5 ? undefined : 'Must be at most 5 characters') } },
      };
      expect(parseCloudEvent({ ...MINIMAL, shortstring: 'short' }, options).shortstring).to.equal('short');
      expect(refused(() => parseCloudEvent({ ...MINIMAL, shortstring: 'too long' }, options)).issueAt('shortstring')?.message).to.equal(
        'Must be at most 5 characters',
      );
    });
  });
});

describe('CloudEvents: batches and files', () => {
  it('reads a batch, with paths led by the index of the event at fault', () => {
    expect(parseCloudEventBatch([MINIMAL, MINIMAL])).to.have.length(2);
    const error = refused(() => parseCloudEventBatch([MINIMAL, { ...MINIMAL, time: 'soon' }]));
    expect(error.issueAt('1.time')).not.to.equal(undefined);
    expect(error.message.startsWith('1.time: ')).to.equal(true);
  });

  it('refuses an object where a batch is expected', () => {
    expect(refused(() => parseCloudEventBatch(MINIMAL)).issues[0]?.message).to.contain('batch');
  });

  it('reads either form', () => {
    expect(parseCloudEvents(MINIMAL)).to.deep.equal([MINIMAL]);
    expect(parseCloudEvents([MINIMAL])).to.deep.equal([MINIMAL]);
    expect(parseCloudEventsJson(JSON.stringify(MINIMAL))).to.deep.equal([MINIMAL]);
  });

  it('says when a file is not JSON', () => {
    expect(refused(() => parseCloudEventsJson('{"specversion": "1.0",')).message).to.contain('Not JSON');
  });
});

describe('CloudEvents: the type system', () => {
  it('reads RFC 3339 timestamps and refuses the rest', () => {
    expect(timestampMillis('2018-04-05T17:31:00Z')).to.equal(Date.UTC(2018, 3, 5, 17, 31));
    expect(timestampMillis('2018-04-05t18:31:00.123456789+01:00')).to.equal(Date.UTC(2018, 3, 5, 17, 31, 0, 123));
    expect(timestampMillis('0050-06-01T00:00:00Z'), 'a year below 100 is not read as 19xx').to.equal(new Date('0050-06-01T00:00:00Z').getTime());
    expect(isTimestamp('2016-02-29T00:00:00Z')).to.equal(true);
    expect(isTimestamp('2016-12-31T23:59:60Z'), 'a leap second').to.equal(true);
    for (const text of ['2018-02-29T00:00:00Z', '2018-04-31T00:00:00Z', '2018-13-01T00:00:00Z', '2018-04-05T24:00:00Z', '2018-04-05 17:31:00Z', '2018-04-05T17:31:00', '2018-04-05T17:31:00+01', '2018-04-05T17:31:00.Z']) {
      expect(isTimestamp(text), text).to.equal(false);
    }
  });

  it('agrees with Date on the instant of any timestamp it writes', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(timestampMillis(date.toISOString())).to.equal(date.getTime());
      }),
    );
  });

  it('tells URI-references and URIs apart', () => {
    for (const text of ['https://cloudevents.io', '#fragment', '//authority/path', '/sensors/tn-1234567/alerts', '1-555-123-4567', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'http://[::1]:8080/a?b=c#d', '']) {
      expect(isUriReference(text), text).to.equal(true);
    }
    for (const text of ['a b', 'http://x/%zz', 'http://exa mple.com', '1abc:def', 'http://x:8o/', 'a"b']) {
      expect(isUriReference(text), text).to.equal(false);
    }
    expect(isUri('mailto:cncf-wg-serverless@lists.cncf.io')).to.equal(true);
    expect(isUri('/relative')).to.equal(false);
    expect(isUri('//authority/path')).to.equal(false);
  });

  it('reads media types as RFC 2046 writes them', () => {
    for (const text of ['text/plain', 'application/json; charset=utf-8', 'application/vnd.apache.thrift.binary', 'text/plain;format="flowed"']) {
      expect(isContentType(text), text).to.equal(true);
    }
    for (const text of ['xyz', 'text/', '/json', 'text/plain; charset', 'a b/c']) {
      expect(isContentType(text), text).to.equal(false);
    }
  });

  it('reads Base64 with padding and refuses other text', () => {
    expect(isBase64('')).to.equal(true);
    expect(isBase64('TWE=')).to.equal(true);
    expect(isBase64('TWFu')).to.equal(true);
    expect(isBase64('TWE')).to.equal(false);
    expect(isBase64('TW=E')).to.equal(false);
    expect(isBase64('TWE-')).to.equal(false);
  });

  it('allows surrogates only in pairs, and no noncharacters', () => {
    expect(isAttributeString('plain')).to.equal(true);
    expect(isAttributeString('\uD800\uDEAD')).to.equal(true);
    expect(isAttributeString('\uDEAD')).to.equal(false);
    expect(isAttributeString('\uD800')).to.equal(false);
    expect(isAttributeString('\uFFFE')).to.equal(false);
    expect(isAttributeString('\uFDD0')).to.equal(false);
    expect(isAttributeString('\u0085')).to.equal(false);
    expect(isAttributeString('\uD83F\uDFFF'), 'U+1FFFF is a noncharacter').to.equal(false);
  });
});
