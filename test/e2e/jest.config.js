// Browser tests: the built server (node server/dist/main.js) in a child process, driven by
// Debian's Chromium through playwright-core. Run after `npm run build`.
export default {
  rootDir: '../..',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  maxWorkers: 1,
  testTimeout: 120000,
};
