export * from './api.js';
export * from './components.js';
export * from './layout.js';
export * from './router.js';
export * from './session.js';
