/**
 * Every story, rendered as Storybook would (the preview's loaders and globals, the story's loaders,
 * decorators, render and play), must pass axe: designers see these states, and so do agents.
 */
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { setLocale } from '../../src/localization.js';
import * as appointmentPop from '../../stories/appointment-pop.stories.js';
import * as backendProvider from '../../stories/backend-provider.stories.js';
import * as contextError from '../../stories/context-error.stories.js';
import * as customerContext from '../../stories/customer-context.stories.js';
import * as customerIdentities from '../../stories/customer-identities.stories.js';
import * as customerMerge from '../../stories/customer-merge.stories.js';
import * as customerSearch from '../../stories/customer-search.stories.js';
import * as customerSummary from '../../stories/customer-summary.stories.js';
import * as diagnostics from '../../stories/diagnostics.stories.js';
import * as fieldSetEditor from '../../stories/field-set-editor.stories.js';
import * as journeyTimeline from '../../stories/journey-timeline.stories.js';
import * as layoutBuilder from '../../stories/layout-builder.stories.js';
import * as layoutDiff from '../../stories/layout-diff.stories.js';
import * as noteComposer from '../../stories/note-composer.stories.js';
import * as sensitiveValue from '../../stories/sensitive-value.stories.js';
import * as unmatchedEvents from '../../stories/unmatched-events.stories.js';
import { renderStory, type Annotations } from './render-story.js';

const FILES: Record<string, Record<string, unknown>> = {
  'appointment-pop': appointmentPop,
  'backend-provider': backendProvider,
  'context-error': contextError,
  'customer-context': customerContext,
  'customer-identities': customerIdentities,
  'customer-merge': customerMerge,
  'customer-search': customerSearch,
  'customer-summary': customerSummary,
  diagnostics,
  'field-set-editor': fieldSetEditor,
  'journey-timeline': journeyTimeline,
  'layout-builder': layoutBuilder,
  'layout-diff': layoutDiff,
  'note-composer': noteComposer,
  'sensitive-value': sensitiveValue,
  'unmatched-events': unmatchedEvents,
};

// The virtualizer's benign "ResizeObserver loop" notice is not a failure of the story.
setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

for (const [file, module] of Object.entries(FILES)) {
  const meta = module['default'] as Annotations;
  describe(`stories/${file}.stories.ts`, () => {
    let canvas: HTMLElement;

    beforeEach(() => {
      canvas = document.createElement('div');
      document.body.append(canvas);
    });

    afterEach(async () => {
      render(null, canvas);
      canvas.remove();
      document.documentElement.dir = 'ltr';
      document.documentElement.style.colorScheme = '';
      await setLocale('en');
    });

    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null) continue;
      const story = value as Annotations;

      it(`${name} renders and passes axe`, async function () {
        this.timeout(120_000);
        await renderStory(file, meta, name, story, canvas);
        expect(canvas.childElementCount, 'the story shows something').to.be.greaterThan(0);
        await expect(canvas).to.be.accessible();
      });
    }
  });
}
