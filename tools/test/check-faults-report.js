// Fails CI unless the fault suite's jest report (`npm run test:faults -- --json --outputFile=...`)
// shows its four scenarios — a. kill -9 of each service, b. kill -9 of the broker, c. two instances
// of coding and claims, d. pg_terminate_backend — each run and passed, none skipped.
const fs = require('node:fs');

const SCENARIOS = ['a', 'b', 'c', 'd'];

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tests = report.testResults.flatMap((r) => r.assertionResults);
const problems = [];
if (report.numFailedTests > 0 || report.numFailedTestSuites > 0 || report.numRuntimeErrorTestSuites > 0) {
  problems.push(`${report.numFailedTests} failed tests, ${report.numFailedTestSuites} failed suites`);
}
if (report.numPendingTests > 0 || report.numTodoTests > 0) {
  problems.push(`${report.numPendingTests} skipped and ${report.numTodoTests} todo tests`);
}
for (const scenario of SCENARIOS) {
  // Each scenario is a describe block titled "<letter>. ...".
  const of = tests.filter((t) => t.ancestorTitles.some((title) => title.startsWith(`${scenario}. `)));
  if (of.length === 0) problems.push(`scenario ${scenario} did not run`);
  else if (!of.every((t) => t.status === 'passed')) problems.push(`scenario ${scenario} did not pass`);
}
console.log(
  `CI faults: ${report.numPassedTests} passed, ${report.numFailedTests} failed, scenarios ${SCENARIOS.join(', ')}`,
);
if (problems.length) {
  console.error(`CI faults: ${problems.join('; ')}`);
  process.exit(1);
}
