export * from './cloudevent.js';
