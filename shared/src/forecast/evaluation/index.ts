export * from './generator.js';
export * from './harness.js';
export * from './report.js';
