import { expect } from '@open-wc/testing';
import plansIndex from '../../src/generated/phone/index.js';

interface Metadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: Record<string, unknown>;
}

describe('generated numbering plans', () => {
  it('match the installed libphonenumber-js metadata exactly (else run `npm run phone-metadata`)', async () => {
    const [metadata, pkg] = await Promise.all([
      fetch('/node_modules/libphonenumber-js/metadata.min.json').then((response) => response.json() as Promise<Metadata>),
      fetch('/node_modules/libphonenumber-js/package.json').then((response) => response.json() as Promise<{ version: string }>),
    ]);
    expect(plansIndex.packageVersion).to.equal(pkg.version);
    expect(plansIndex.version).to.equal(metadata.version);
    expect(plansIndex.callingCodes).to.deep.equal(metadata.country_calling_codes);
    const countries: Record<string, unknown> = {};
    const nonGeographic: Record<string, unknown> = {};
    expect(plansIndex.nonGeographicCodes).to.have.members(Object.keys(metadata.nonGeographic ?? {}));
    for (const code of [...Object.keys(metadata.country_calling_codes), ...plansIndex.nonGeographicCodes]) {
      const { default: plan } = (await import(`../../src/generated/phone/${code}.js`)) as {
        default: { countries: Record<string, unknown>; nonGeographic?: Record<string, unknown> };
      };
      for (const region of Object.keys(plan.countries)) expect(metadata.country_calling_codes[code], `${region} under +${code}`).to.include(region);
      for (const nonGeographicCode of Object.keys(plan.nonGeographic ?? {})) expect(nonGeographicCode).to.equal(code);
      Object.assign(countries, plan.countries);
      Object.assign(nonGeographic, plan.nonGeographic);
    }
    expect(countries).to.deep.equal(metadata.countries);
    expect(nonGeographic).to.deep.equal(metadata.nonGeographic ?? {});
  });
});
