export * from './adapter.js';
export * from './operation.js';
export * from './idb-store.js';
export * from './transfer.js';
export * from './cached-backend.js';
export * from './outbox.js';
export * from './http-adapter.js';
export * from './shared-backend.js';
