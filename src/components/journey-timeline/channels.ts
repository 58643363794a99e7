import { msg } from '@lit/localize';
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Direction, MediaType, ObjectState } from '../../model/index.js';

/** The channel's name as the agent reads it; called at render time so that a locale change applies. */
export function channelLabel(mediaType: MediaType): string {
  switch (mediaType) {
    case 'chat':
      return msg('Chat');
    case 'email':
      return msg('Email');
    case 'event':
      return msg('Event');
    case 'sms':
      return msg('SMS');
    case 'social':
      return msg('Social');
    case 'video':
      return msg('Video');
    case 'voice':
      return msg('Voice');
    case 'web':
      return msg('Web');
  }
}

export function directionLabel(direction: Direction): string {
  switch (direction) {
    case 'inbound':
      return msg('Inbound');
    case 'outbound':
      return msg('Outbound');
    case 'internal':
      return msg('Internal');
  }
}

export function stateLabel(state: ObjectState): string {
  return state === 'active' ? msg('Active') : msg('Closed');
}

/** Outline glyphs on a 24-unit grid, drawn in `currentColor`; always beside the channel's name. */
const ICON_PATHS: Record<MediaType, SVGTemplateResult> = {
  chat: svg`<path d="M4 5h16v11H9l-5 4z"/>`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="1"/><path d="m3 6 9 7 9-7"/>`,
  event: svg`<path d="M13 2 5 14h6l-1 8 8-12h-6z"/>`,
  sms: svg`<rect x="6" y="2" width="12" height="20" rx="2"/><path d="M10 18h4"/>`,
  social: svg`<circle cx="6" cy="12" r="2.5"/><circle cx="18" cy="6" r="2.5"/><circle cx="18" cy="18" r="2.5"/><path d="m8.2 10.9 7.6-3.8m-7.6 6 7.6 3.8"/>`,
  video: svg`<rect x="2" y="6" width="13" height="12" rx="1"/><path d="m15 10 7-4v12l-7-4z"/>`,
  voice: svg`<path d="M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z"/>`,
  web: svg`<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>`,
};

/** The channel's icon, hidden from assistive technology: the text label beside it carries the meaning. */
export function channelIcon(mediaType: MediaType): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"
    fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${ICON_PATHS[mediaType]}</svg>`;
}
