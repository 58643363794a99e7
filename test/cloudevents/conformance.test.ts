import { expect } from '@open-wc/testing';
import {
  decodeBase64,
  parseCloudEvent,
  parseCloudEventBatch,
  timestampMillis,
  type CloudEvent,
  type CloudEventParseOptions,
  type ExtensionDefinition,
} from '../../src/cloudevents/index.js';
import { refused } from './support.js';

/**
 * The CloudEvents JSON format conformance corpus (test/fixtures/cloudevents, see its SOURCE.md):
 * one test per case, generated from the files. Valid cases are compared with the corpus's
 * "golden" sample events, written out below as its format README asks; invalid ones must be
 * refused with a reason at the attribute that is wrong.
 */

const TEST_TYPES = ['ValidSingleEvent', 'ValidBatch', 'InvalidSingleEvent', 'InvalidBatch'] as const;
type TestType = (typeof TEST_TYPES)[number];

interface CorpusCase {
  readonly id: string;
  readonly testType?: TestType;
  readonly description?: string;
  readonly sampleId?: string;
  readonly event?: unknown;
  readonly batch?: unknown;
  readonly sampleExtensionAttributes?: boolean;
  readonly extensionConstraints?: boolean;
}

interface CorpusFile {
  readonly testType: TestType;
  readonly tests: readonly CorpusCase[];
}

const FILES = ['valid-events', 'invalid-events', 'valid-batches', 'invalid-batches'] as const;

async function loadCorpus(name: string): Promise<CorpusFile> {
  const response = await fetch(`/test/fixtures/cloudevents/${name}.json`);
  if (!response.ok) throw new Error(`Cannot load the corpus file ${name}.json: HTTP ${response.status}`);
  // Some corpus files start with a byte order mark, which JSON.parse refuses.
  return JSON.parse((await response.text()).replace(/^\uFEFF/, '')) as CorpusFile;
}

const corpus = await Promise.all(FILES.map(async (name) => ({ name, file: await loadCorpus(name) })));

// The corpus's sample extension attributes (format/README.md of the conformance repository).
const SAMPLE_EXTENSIONS: Readonly<Record<string, ExtensionDefinition>> = {
  extinteger: { type: 'Integer' },
  extboolean: { type: 'Boolean' },
  extstring: { type: 'String' },
  extbinary: { type: 'Binary' },
  exttimestamp: { type: 'Timestamp' },
  exturi: { type: 'URI' },
  exturiref: { type: 'URI-reference' },
};

const MODERN = Date.UTC(2000, 0, 1);

// Its constrained ones: no case in this copy of the corpus uses them yet; cases that do get them.
const CONSTRAINED_EXTENSIONS: Readonly<Record<string, ExtensionDefinition>> = {
  posinteger: { type: 'Integer', constraint: (value) => ((value as number) > 0 ? undefined : 'Must be greater than 0') },
  shortstring: { type: 'String', constraint: (value) => ((value as string).length <= 5 ? undefined : 'Must be at most 5 characters') },
  shortbinary: { type: 'Binary', constraint: (value) => (decodeBase64(value as string).length <= 5 ? undefined : 'Must be at most 5 bytes') },
  moderntimestamp: {
    type: 'Timestamp',
    constraint: (value) => (timestampMillis(value as string)! >= MODERN ? undefined : 'Must be at or after 2000-01-01T00:00:00Z'),
  },
};

function optionsFor(test: CorpusCase): CloudEventParseOptions {
  if (test.extensionConstraints) return { extensions: { ...SAMPLE_EXTENSIONS, ...CONSTRAINED_EXTENSIONS } };
  if (test.sampleExtensionAttributes) return { extensions: SAMPLE_EXTENSIONS };
  return {};
}

// ---------------------------------------------------------------------------------------------
// The golden sample events, in the form `comparable` gives: Timestamps as instants, Binary as bytes.

const minimal = { specversion: '1.0', id: 'minimal', type: 'io.cloudevents.test', source: 'https://cloudevents.io' };
const at = (iso: string) => Date.parse(iso);

const SAMPLE_EVENTS: Readonly<Record<string, Record<string, unknown>>> = {
  minimal,
  minimalWithTime: { ...minimal, id: 'minimalWithTime', time: at('2018-04-05T17:31:00Z') },
  minimalWithRelativeSource: { ...minimal, id: 'minimalWithRelativeSource', source: '#fragment' },
  allCore: {
    ...minimal,
    id: 'allCore',
    datacontenttype: 'text/plain',
    dataschema: 'https://cloudevents.io/dataschema',
    subject: 'tests',
    time: at('2018-04-05T17:31:00Z'),
  },
  // The format README gives this sample's id as "simpleData"; the corpus's own event, the authority here, says "simpleTextData".
  simpleTextData: { ...minimal, id: 'simpleTextData', datacontenttype: 'text/plain', data: 'Simple text' },
  allExtensionTypes: {
    ...minimal,
    id: 'allExtensionTypes',
    extinteger: 10,
    extboolean: true,
    extstring: 'text',
    extbinary: [77, 97],
    exttimestamp: at('2023-03-31T15:12:00Z'),
    exturi: 'https://cloudevents.io',
    exturiref: '//authority/path',
  },
};

const SAMPLE_BATCHES: Readonly<Record<string, readonly Record<string, unknown>[]>> = {
  empty: [],
  minimal: [SAMPLE_EVENTS['minimal']!],
  minimal2: [SAMPLE_EVENTS['minimal']!, SAMPLE_EVENTS['minimal']!],
  minimalAndAllCore: [SAMPLE_EVENTS['minimal']!, SAMPLE_EVENTS['allCore']!],
  minimalAndAllExtensionTypes: [SAMPLE_EVENTS['minimal']!, SAMPLE_EVENTS['allExtensionTypes']!],
};

/** An event as the corpus compares events: Timestamps by the instant they name, Binary by its bytes. */
function comparable(event: CloudEvent, options: CloudEventParseOptions): Record<string, unknown> {
  const result: Record<string, unknown> = { ...event };
  if (event.time !== undefined) result['time'] = timestampMillis(event.time);
  for (const [name, definition] of Object.entries(options.extensions ?? {})) {
    const value = event[name];
    if (typeof value !== 'string') continue;
    if (definition.type === 'Timestamp') result[name] = timestampMillis(value);
    if (definition.type === 'Binary') result[name] = [...decodeBase64(value)];
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The attribute each invalid case must be refused at (for a batch, led by the event's index).

const EXPECTED_PATHS: Readonly<Record<string, string>> = {
  invalidNoSpecVersion: 'specversion',
  invalidNoId: 'id',
  invalidNoType: 'type',
  invalidNoSource: 'source',
  invalidTimeGarbage: 'time',
  invalidTimeToMinute: 'time',
  invalidTimeOffsetX: 'time',
  invalidTimeOffsetOutOfRange: 'time',
  invalidTimeOffsetNonInteger: 'time',
  invalidTimeOffsetHourOnly: 'time',
  invalidEmptyId: 'id',
  invalidEmptyType: 'type',
  invalidEmptySource: 'source',
  invalidEmptySpecVersion: 'specversion',
  invalidUnknownSpecVersion: 'specversion',
  invalidNonRfc2046DataContentType: 'datacontenttype',
  invalidEmptyDataContentType: 'datacontenttype',
  invalidEmptyDataSchema: 'dataschema',
  invalidEmptySubject: 'subject',
  invalidNumericId: 'id',
  invalidObjectId: 'id',
  invalidCapitalizedExtension: 'MyExtension',
  invalidPunctuatedExtension: 'my.extension',
  invalidNonIntegerExtensionValue: 'my.extension',
  invalidBothDataAndDataBase64: 'data_base64',
  invalidBatchMixedSpecVersions: '1.specversion',
  invalidBatchContainingInvalidCloudEvent: '0.id',
  invalidBatchContainingNonObject: '0',
};

function caseName(test: CorpusCase): string {
  const needs = [
    test.sampleExtensionAttributes ? 'with the sample extension attributes' : '',
    test.extensionConstraints ? 'with the constrained extension attributes' : '',
  ].filter(Boolean);
  return [test.id, test.description ? `(${test.description})` : '', needs.length ? `[${needs.join(', ')}]` : ''].filter(Boolean).join(' ');
}

describe('CloudEvents JSON format conformance corpus', () => {
  for (const { name, file } of corpus) {
    describe(`${name}.json`, () => {
      it('holds test cases of a known type', () => {
        expect(file.tests.length).to.be.greaterThan(0);
        expect(TEST_TYPES).to.include(file.testType);
      });

      for (const test of file.tests) {
        const testType = test.testType ?? file.testType;
        const options = optionsFor(test);
        it(caseName(test), () => {
          switch (testType) {
            case 'ValidSingleEvent': {
              const event = parseCloudEvent(test.event, options);
              const sample = SAMPLE_EVENTS[test.sampleId ?? ''];
              expect(sample, `no golden sample "${test.sampleId}"`).not.to.equal(undefined);
              expect(comparable(event, options)).to.deep.equal(sample);
              break;
            }
            case 'ValidBatch': {
              const batch = parseCloudEventBatch(test.batch, options);
              const sample = SAMPLE_BATCHES[test.sampleId ?? ''];
              expect(sample, `no golden sample batch "${test.sampleId}"`).not.to.equal(undefined);
              expect(batch.map((event) => comparable(event, options))).to.deep.equal(sample);
              break;
            }
            case 'InvalidSingleEvent':
            case 'InvalidBatch': {
              const error = refused(() =>
                testType === 'InvalidBatch' ? parseCloudEventBatch(test.batch, options) : parseCloudEvent(test.event, options),
              );
              expect(error.issues.length).to.be.greaterThan(0);
              for (const issue of error.issues) expect(issue.message).not.to.equal('');
              const expected = EXPECTED_PATHS[test.id];
              if (expected !== undefined) {
                expect(error.issues.map((issue) => issue.path)).to.include(expected);
                // The error's own message leads with the attribute, so a person reading only it knows where to look.
                expect(error.message.startsWith(`${expected}: `), error.message).to.equal(true);
              } else {
                expect(error.issues.some((issue) => issue.path !== ''), error.message).to.equal(true);
              }
              break;
            }
            default:
              throw new Error(`Unknown test type "${String(testType)}" in ${name}.json`);
          }
        });
      }
    });
  }
});
