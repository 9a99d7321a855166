// tools/test/check-report.js is CI's last gate: run for real on jest JSON reports, it must fail on a
// skipped or todo test and on a run without a passing Kafka suite, and pass a clean run.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const script = path.join(__dirname, 'check-report.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const suite = (name, statuses) => ({
  name,
  assertionResults: statuses.map((status, i) => ({ title: `t${i}`, status })),
});
const report = (testResults) => {
  const all = testResults.flatMap((r) => r.assertionResults.map((a) => a.status));
  return {
    numPassedTests: all.filter((s) => s === 'passed').length,
    numFailedTests: all.filter((s) => s === 'failed').length,
    numPendingTests: all.filter((s) => s === 'pending').length,
    numTodoTests: all.filter((s) => s === 'todo').length,
    testResults,
  };
};
const check = (r) => {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(r));
  return spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
};

const unit = suite('/repo/libs/x12/src/837/x12-corpus.spec.ts', ['passed', 'passed']);
const kafka = suite('/repo/libs/messaging/src/kafka-delivery.int.spec.ts', ['passed']);

describe('check-report (CI gate)', () => {
  it('passes a run with no skipped tests and a passing Kafka suite', () => {
    const r = check(report([unit, kafka]));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails a run with a skipped test', () => {
    const r = check(report([suite(unit.name, ['passed', 'pending']), kafka]));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1 skipped/);
  });

  it('fails a run with a todo test', () => {
    const r = check(report([suite(unit.name, ['passed', 'todo']), kafka]));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/1 todo/);
  });

  it('fails a run where no Kafka suite ran, or one ran without passing a test', () => {
    expect(check(report([unit])).stderr).toMatch(/no Kafka integration suite ran/);
    const r = check(report([unit, suite(kafka.name, ['pending'])]));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Kafka suite ran no passing test/);
  });
});
