export * from './cloudevent.js';
export * from './activities.js';
