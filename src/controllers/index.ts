export * from './delayed-flag-controller.js';
