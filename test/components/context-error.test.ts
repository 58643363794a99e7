import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/context-error/context-error.js';
import { errorCause, isAccessError, type CcContextError } from '../../src/components/context-error/context-error.js';
import { InvalidResponseError, NotFoundError, NotRegisteredError, TimeoutError, UnavailableError } from '../../src/model/errors.js';

function text(element: CcContextError): string {
  return element.shadowRoot!.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('cc-context-error', () => {
  it('renders', async () => {
    const element = await fixture<CcContextError>(html`<cc-context-error .error=${new TimeoutError('getCustomer', 1200)}></cc-context-error>`);
    expect(text(element)).to.include("Experiencing issues with accessing customer's context information");
    expect(element.shadowRoot!.querySelector('[role="alert"]')).to.exist;
  });

  it('is accessible', async () => {
    const element = await fixture<CcContextError>(html`<cc-context-error .error=${new UnavailableError()}></cc-context-error>`);
    await expect(element).to.be.accessible();
  });

  describe('cause', () => {
    it('says how long it waited on a timeout', async () => {
      const element = await fixture<CcContextError>(html`<cc-context-error .error=${new TimeoutError('listActivities', 800)}></cc-context-error>`);
      expect(text(element)).to.include('Timed out after 800 ms');
    });

    it('names each cause of a failing store in one line', () => {
      expect(errorCause(new UnavailableError('socket closed'))).to.equal('The context store cannot be reached');
      expect(errorCause(new InvalidResponseError('not JSON'))).to.equal('The context store answered something invalid');
      expect(errorCause(new NotRegisteredError())).to.equal('This component is not registered');
      expect(errorCause(new Error('boom'))).to.equal('Something unexpected went wrong');
    });

    it('tells a failing store from a refused request', () => {
      expect(isAccessError(new TimeoutError('getCustomer', 200))).to.be.true;
      expect(isAccessError(new UnavailableError())).to.be.true;
      expect(isAccessError(new NotFoundError('customer', 'x'))).to.be.false;
      expect(isAccessError(undefined)).to.be.false;
    });
  });

  describe('retry', () => {
    it('fires cc-context-retry from the keyboard', async () => {
      const element = await fixture<CcContextError>(html`<cc-context-error .error=${new TimeoutError('getCustomer', 1200)}></cc-context-error>`);
      element.focus();
      expect(element.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Retry');
      const fired = oneEvent(element, 'cc-context-retry');
      await sendKeys({ press: 'Enter' });
      const event = await fired;
      expect(event.detail.code).to.equal('timeout');
    });

    it('does nothing while busy', async () => {
      const element = await fixture<CcContextError>(html`<cc-context-error busy .error=${new UnavailableError()}></cc-context-error>`);
      let fired = 0;
      element.addEventListener('cc-context-retry', () => (fired += 1));
      const button = element.shadowRoot!.querySelector('button')!;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      button.click();
      expect(fired).to.equal(0);
    });
  });
});
