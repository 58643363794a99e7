import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from './support/wait.js';
import '../src/components/context-error/context-error.js';
import type { CcContextError } from '../src/components/context-error/context-error.js';
import { directionFor, getLocale, setLocale, textLocaleFor } from '../src/localization.js';
import { TimeoutError } from '../src/model/errors.js';

describe('localization', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('picks the text locale that serves a tag best', () => {
    expect(textLocaleFor('fr')).to.equal('fr');
    expect(textLocaleFor('fr-CA')).to.equal('fr');
    expect(textLocaleFor('FR-be')).to.equal('fr');
    expect(textLocaleFor('en-US')).to.equal('en');
    expect(textLocaleFor('de-DE')).to.equal('en');
    expect(textLocaleFor('not a tag')).to.equal('en');
    expect(textLocaleFor(undefined)).to.equal('en');
  });

  it('knows which locales are written right to left', () => {
    expect(directionFor('ar')).to.equal('rtl');
    expect(directionFor('he-IL')).to.equal('rtl');
    expect(directionFor('fa')).to.equal('rtl');
    expect(directionFor('az-Arab')).to.equal('rtl');
    expect(directionFor('fr')).to.equal('ltr');
    expect(directionFor('en-US')).to.equal('ltr');
    expect(directionFor(undefined)).to.equal('ltr');
  });

  it('switches rendered text to French and back', async () => {
    const element = await fixture<CcContextError>(html`<cc-context-error .error=${new TimeoutError('getCustomer', 1200)}></cc-context-error>`);
    expect(await setLocale('fr-FR')).to.equal('fr');
    expect(getLocale()).to.equal('fr');
    await waitUntil(() => element.shadowRoot!.textContent?.includes('Réessayer'), 'Expected French text');
    expect(element.shadowRoot!.textContent).to.include('Délai dépassé après 1200 ms');
    await setLocale('en');
    await waitUntil(() => element.shadowRoot!.textContent?.includes('Retry'), 'Expected English text again');
  });
});
