/**
 * Values that were ever written in this repository as examples or development fallbacks
 * (docker-compose.yml, deploy/env/*.env.example, deploy/k8s/secrets.example.yaml, README): anyone
 * can read them, so a service given one as a secret stops at boot. The embedded default never
 * meets them: it generates its own secrets under DATA_DIR.
 */
export const PUBLISHED_EXAMPLE_VALUES: readonly string[] = [
  // docker-compose.yml fallbacks before issue 7 (still in git history and in old copies).
  'dev-only-jwt-secret-change-me-0123456789abcdef',
  '/g/0+guPgLI+M9n+MB6mJsPHMhyU5hgrNCD0Jpm4t1M=',
  'revcycle-dev-only',
  // Placeholders of the examples.
  'CHANGE-ME',
  'change-me',
  'changeme',
];

/** The variables that carry secrets, and how to read the secret out of each. */
const SECRET_VARIABLES: Record<string, (value: string) => string | undefined> = {
  AUTH_JWT_SECRET: (v) => v,
  AUTH_JWT_PRIVATE_KEY: (v) => v,
  PHI_ENCRYPTION_KEY: (v) => v,
  KAFKA_SASL_PASSWORD: (v) => v,
  DATABASE_URL: (v) => {
    try {
      return decodeURIComponent(new URL(v).password);
    } catch {
      return undefined; // malformed URLs are reported by the DATABASE_URL check
    }
  },
};

/** A problem for every secret variable whose secret is a published example value. */
export function publishedExampleProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const [name, secretOf] of Object.entries(SECRET_VARIABLES)) {
    const value = env[name]?.trim();
    const secret = value ? secretOf(value) : undefined;
    if (secret && PUBLISHED_EXAMPLE_VALUES.includes(secret))
      problems.push(`${name} holds a published example value: generate your own (see deploy/README.md)`);
  }
  return problems;
}
