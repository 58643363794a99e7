export * from './delayed-flag-controller.js';
export * from './worker-controller.js';
export * from './roving-focus-controller.js';
