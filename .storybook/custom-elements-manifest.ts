/// <reference path="./custom-elements-manifest.d.ts" />
// The elements' properties, events, slots, parts and CSS properties on the docs pages and in
// controls. A preview entry of its own (main.ts's previewAnnotations), beside preview.ts, which
// the story tests import outside Storybook, where the manifest's module does not exist.
import { setCustomElementsManifest } from '@storybook/web-components';
import manifest from 'virtual:custom-elements-manifest';

setCustomElementsManifest(manifest);
