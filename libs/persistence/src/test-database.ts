import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * For integration tests: a fresh, uniquely named database on the server of DATABASE_URL (given by
 * the environment or by the jest global setup), dropped afterwards. Parallel test files never meet.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(baseUrl = process.env['DATABASE_URL']): Promise<TestDatabase> {
  if (!baseUrl)
    throw new Error('DATABASE_URL is not set: run the tests through jest (its global setup provides one)');
  const name = `rc_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
