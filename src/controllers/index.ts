export * from './delayed-flag-controller.js';
export * from './worker-controller.js';
