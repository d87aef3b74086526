// One Jest run for the unit and integration tiers: the pure core (shared/), the server's specs
// beside their code, and cross-package tests in test/ (not the browser tests, see test/e2e).
// TypeScript is transpiled per file (no type check here: `npm run build` type-checks), as ESM,
// because NestJS 12 and most of our dependencies ship only ESM.
const embedded = !process.env.TEST_DATABASE_URL;

const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@kpi/shared$': '<rootDir>/shared/src/index.ts',
    '^@kpi/shared/(.*)$': '<rootDir>/shared/src/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  rootDir: '.',
};

export default {
  // The embedded database is a single PGlite instance shared by every test file through
  // test/support/global-setup.js; it serves one session well, so files run one at a time.
  maxWorkers: embedded ? 1 : 2,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'shared', testMatch: ['<rootDir>/shared/src/**/*.test.ts'] },
    { ...common, displayName: 'server', testMatch: ['<rootDir>/server/src/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    // the dashboard's pure logic (stores' reducers); views are covered by the browser tests
    { ...common, displayName: 'client', testMatch: ['<rootDir>/client/src/**/*.test.ts'] },
  ],
};
