export * from './barFrame.js';
export * from './config.js';
export * from './errors.js';
export * from './quoteFrame.js';
export * from './random.js';
export * from './symbols.js';
export * from './time.js';
export type * from './types.js';
