import { Controller, DynamicModule, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { EncounterCodedEvent } from '@revcycle/contracts';
import { createTestDatabase, TestDatabase } from '@revcycle/persistence';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { RunningService, bootstrapService } from '../bootstrap';

@Controller()
class CodedEncounters {
  @EventPattern(EncounterCodedEvent.type)
  async onCoded(): Promise<void> {
    // The test is about joining the group, not about the events.
  }
}

@Module({ controllers: [CodedEncounters] })
class ListeningRoot {}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Health {
  status: string;
  details: Record<string, { status: string; message?: string }>;
}

/** The bound for a restarted service to consume again. */
const RECOVERY_BOUND_MS = 5000;
/** The session of the predecessor that died: the group waits this long for it before reassigning. */
const PREDECESSOR_SESSION_MS = 3000;

describe('a service restarted after its predecessor died (real PostgreSQL, real Kafka, batching transport)', () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  const name = `listens-${randomUUID().slice(0, 8)}`;
  const kafka = new Kafka({ clientId: 'restart-test', brokers, logLevel: logLevel.NOTHING });
  let db: TestDatabase;
  let running: RunningService | undefined;
  let predecessor: Consumer | undefined;
  let unstick: () => void = () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await running?.app.close();
    unstick();
    await predecessor?.disconnect();
    await db.drop();
  });

  it('answers /health at once, consumers "joining" until the group reassigns the partitions, then "assigned"', async () => {
    // A predecessor in the service's group that stops heartbeating while it holds the partitions,
    // as one killed with -9 does (it hangs in its handler; kafkajs heartbeats between messages).
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: EncounterCodedEvent.type, messages: [{ key: name, value: '{}' }] });
    await producer.disconnect();
    predecessor = kafka.consumer({
      groupId: `revcycle-${name}`,
      sessionTimeout: PREDECESSOR_SESSION_MS,
      heartbeatInterval: 500,
    });
    await predecessor.connect();
    await predecessor.subscribe({ topic: EncounterCodedEvent.type, fromBeginning: true });
    let stuck = false;
    await predecessor.run({
      eachMessage: () => {
        stuck = true;
        return new Promise<void>((r) => (unstick = r));
      },
    });
    while (!stuck) await new Promise((r) => setTimeout(r, 20));

    const port = await freePort();
    const seen: Array<{ at: number; code: number; consumers?: string }> = [];
    let booted = false;
    const startedAt = Date.now();
    const probing = (async () => {
      while (!booted) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          const body = (await res.json()) as Health;
          seen.push({ at: Date.now(), code: res.status, consumers: body.details['consumers']?.message });
        } catch {
          // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    running = await bootstrapService(
      {
        name,
        description: 'a service that consumes one topic',
        defaultPort: port,
        rootModule: (runtime): DynamicModule => ({ module: ListeningRoot, imports: [runtime] }),
      },
      {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '',
        PHI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
    );
    booted = true;
    await probing;
    const assignedAt = Date.now();

    const joining = seen.filter((s) => s.consumers === 'joining');
    expect(joining.length).toBeGreaterThan(0);
    expect(joining.every((s) => s.code === 200)).toBe(true);
    const res = await fetch(`${running.url}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Health).details['consumers']).toEqual({
      status: 'up',
      message: 'assigned',
    });
    const recoveryMs = assignedAt - startedAt;
    process.stdout.write(
      `restarted service: first /health after ${seen[0].at - startedAt} ms, consumers assigned after ${recoveryMs} ms (predecessor's session ${PREDECESSOR_SESSION_MS} ms; bound ${RECOVERY_BOUND_MS} ms)\n`,
    );
    // Listening came first: answered while joining, well before the partitions were reassigned.
    expect(seen[0].at).toBeLessThan(assignedAt);
    // The 5 s bound, checked generously (a shared machine).
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS * 2);
  });
});
