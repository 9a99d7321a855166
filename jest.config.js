// `npm test`: every project's tests. Projects with integration tests (*.int.spec.ts, test/e2e) get a
// real PostgreSQL and Kafka from tools/test/global-setup.js (env-given, else started there).
// The fault suite (test/faults) runs on its own: `npm run test:faults`.
module.exports = {
  // testTimeout is a global option: project configs cannot raise it in a multi-project run.
  testTimeout: 60000,
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/test/!(faults)/jest.config.js',
    '<rootDir>/tools/jest.config.js',
  ],
};
