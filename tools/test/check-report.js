// Fails CI when the jest run skipped tests or did not run the Kafka integration suites.
const fs = require('node:fs');

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = report.testResults.map((r) => r.name);
const kafkaSuites = files.filter((f) => /kafka|e2e/i.test(f));
const problems = [];
if (report.numPendingTests > 0 || report.numTodoTests > 0) {
  problems.push(`${report.numPendingTests} skipped and ${report.numTodoTests} todo tests`);
}
if (kafkaSuites.length === 0) problems.push('no Kafka integration suite ran');
for (const r of report.testResults) {
  if (/kafka|e2e/i.test(r.name) && r.assertionResults.every((a) => a.status !== 'passed')) {
    problems.push(`Kafka suite ran no passing test: ${r.name}`);
  }
}
console.log(
  `CI: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${kafkaSuites.length} Kafka suites`,
);
if (problems.length) {
  console.error(`CI: ${problems.join('; ')}`);
  process.exit(1);
}
