import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.resolve(__dirname, '..', '..', '..', 'deploy', 'kafka', 'kafka.sh');

/**
 * A broker of the suite's own (deploy/kafka/kafka.sh in a private KAFKA_HOME_DIR), never the one
 * KAFKA_BROKERS names: the suite kills it, and other suites may share that one.
 */
export class KafkaBroker {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-faults-kafka-'));
  brokers = '';

  /** `fresh`: a new empty broker; otherwise it starts on the data it kept, on the same port. */
  start(fresh: boolean): string {
    const out = execFileSync('bash', [script, 'start', ...(fresh ? ['--fresh'] : [])], {
      env: { ...process.env, KAFKA_HOME_DIR: this.home, KAFKA_START_WAIT_SECONDS: '300' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
    if (!line) throw new Error(`the fault suite's Kafka broker did not start: ${out}`);
    this.brokers = line.slice('KAFKA_BROKERS='.length).trim();
    return this.brokers;
  }

  pid(): number {
    const file = path.join(this.home, 'kafka.pid');
    return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0;
  }

  /** kill -9 the broker's JVM; resolves once it is gone. */
  async kill9(): Promise<void> {
    const pid = this.pid();
    if (!pid) throw new Error('no broker to kill');
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  }

  /** Stops the broker (graceful, then forced) and removes its data. */
  dispose(): void {
    try {
      execFileSync('bash', [script, 'stop'], {
        env: { ...process.env, KAFKA_HOME_DIR: this.home },
        stdio: 'ignore',
      });
    } finally {
      fs.rmSync(this.home, { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
