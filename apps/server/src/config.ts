/**
 * The only reader of process.env. Validates once at start and lists every error together.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { loadPaymentSettings, type PaymentSettings, providerNames } from './modules/payments/index.js';

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Public origin used for links and Origin checks, e.g. http://localhost:3000 */
  publicOrigin: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server under dataDir is used. */
  databaseUrl: string | undefined;
  embeddedPort: number;
  redisUrl: string | undefined;
  /** 32-byte master key that wraps the data keys. */
  masterKey: Buffer | undefined;
  masterKeyId: string;
  /** Additional retired master keys accepted for unwrapping during rotation. */
  previousMasterKeys: Buffer[];
  trustProxy: boolean | string;
  bodyLimitBytes: number;
  logLevel: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  rateLimitPerMinute: number;
  /** How long a process may reuse a resolved session without asking the database (0 disables). */
  authCacheTtlMs: number;
  /** Requests in flight above which the server answers 503 with Retry-After. */
  maxInFlight: number;
  /** Median event-loop delay (ms) above which the server answers 503 with Retry-After. */
  maxEventLoopLagMs: number;
  webDistDir: string;
  demo: boolean;
  /** SMTP server for e-mail, e.g. smtp://user:pass@host:587; without it mail goes to the outbox file. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Enabled online-payment providers (PAYMENT_PROVIDERS, comma list); `sandbox` is refused in production. */
  paymentProviders: string[];
  /** Settings of the real platforms enabled in paymentProviders (modules/payments/payment-config.ts). */
  payments: PaymentSettings;
  /** A pending payment order older than this is queried at the provider (missed notification). */
  paymentReconcileAfterMinutes: number;
  /** Lifetime of the signed token in the e-member card's QR code. */
  cardTokenTtlSeconds: number;
  /** Worker threads verifying cast ballots (ELECTION_VERIFY_WORKERS; 0: on the main thread). */
  electionVerifyWorkers: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return def;
  }
  return n;
}

function parseKey(raw: string, source: string, problems: string[]): Buffer | undefined {
  const trimmed = raw.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (buf.length !== 32) {
    problems.push(`${source} must be 32 bytes as 64 hex characters or base64 (got ${buf.length} bytes)`);
    return undefined;
  }
  return buf;
}

/**
 * Reads and validates configuration.
 * @throws ConfigError listing every problem found.
 */
export function loadConfig(env: Env = process.env, argv: string[] = []): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const envName = (
    ['development', 'production', 'test'].includes(nodeEnv) ? nodeEnv : 'development'
  ) as Config['env'];
  const port = intVar(env, 'PORT', 3000, 0, 65535, problems);
  const dataDir = path.resolve(env.UNIONHALL_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  let masterKey: Buffer | undefined;
  if (env.UNIONHALL_MASTER_KEY) {
    masterKey = parseKey(env.UNIONHALL_MASTER_KEY, 'UNIONHALL_MASTER_KEY', problems);
  } else if (env.UNIONHALL_MASTER_KEY_FILE) {
    try {
      masterKey = parseKey(
        readFileSync(env.UNIONHALL_MASTER_KEY_FILE, 'utf8'),
        'UNIONHALL_MASTER_KEY_FILE',
        problems,
      );
    } catch {
      problems.push(`UNIONHALL_MASTER_KEY_FILE cannot be read: ${env.UNIONHALL_MASTER_KEY_FILE}`);
    }
  }
  const previousMasterKeys = (env.UNIONHALL_PREVIOUS_MASTER_KEYS ?? '')
    .split(',')
    .filter((s) => s.trim())
    .map((s) => parseKey(s, 'UNIONHALL_PREVIOUS_MASTER_KEYS', problems))
    .filter((k): k is Buffer => k !== undefined);

  const demo = argv.includes('--demo') || env.UNIONHALL_DEMO === '1';
  if (envName === 'production') {
    if (!masterKey) problems.push('production mode needs UNIONHALL_MASTER_KEY or UNIONHALL_MASTER_KEY_FILE');
    if (demo) problems.push('production mode refuses demo data (--demo / UNIONHALL_DEMO)');
    if (!env.PUBLIC_ORIGIN?.startsWith('https://'))
      problems.push('production mode needs PUBLIC_ORIGIN with https://');
  }

  const trustRaw = env.TRUST_PROXY;
  const trustProxy =
    trustRaw === undefined || trustRaw === '' || trustRaw === 'false'
      ? false
      : trustRaw === 'true'
        ? true
        : trustRaw;
  const logLevel = env.LOG_LEVEL ?? (envName === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(
      `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`,
    );
  }
  const config: Config = {
    env: envName,
    port,
    host: env.HOST ?? '127.0.0.1',
    publicOrigin: (env.PUBLIC_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl,
    embeddedPort: intVar(env, 'UNIONHALL_EMBEDDED_PG_PORT', 5488, 1024, 65535, problems),
    redisUrl: env.REDIS_URL || undefined,
    masterKey,
    masterKeyId: env.UNIONHALL_MASTER_KEY_ID ?? 'mk1',
    previousMasterKeys,
    trustProxy,
    bodyLimitBytes: intVar(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600, problems),
    logLevel,
    sessionIdleMinutes: intVar(env, 'SESSION_IDLE_MINUTES', 30, 1, 1440, problems),
    sessionAbsoluteHours: intVar(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 720, problems),
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 600, 10, 1_000_000, problems),
    maxInFlight: intVar(env, 'MAX_IN_FLIGHT', 512, 1, 100_000, problems),
    maxEventLoopLagMs: intVar(env, 'MAX_EVENT_LOOP_LAG_MS', 1000, 50, 600_000, problems),
    authCacheTtlMs: intVar(env, 'AUTH_CACHE_TTL_MS', 10_000, 0, 60_000, problems),
    webDistDir: path.resolve(env.UNIONHALL_WEB_DIST ?? path.join(import.meta.dirname, '../../web/dist')),
    demo,
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM ?? 'Unionhall <no-reply@localhost>',
    paymentProviders: providerNames(env.PAYMENT_PROVIDERS ?? (envName === 'production' ? '' : 'sandbox')),
    payments: {},
    paymentReconcileAfterMinutes: intVar(env, 'PAYMENT_RECONCILE_AFTER_MINUTES', 10, 1, 1440, problems),
    cardTokenTtlSeconds: intVar(env, 'CARD_TOKEN_TTL_SECONDS', 300, 30, 3600, problems),
    electionVerifyWorkers: intVar(
      env,
      'ELECTION_VERIFY_WORKERS',
      Math.min(4, availableParallelism()),
      0,
      64,
      problems,
    ),
  };
  config.payments = loadPaymentSettings(env, config.paymentProviders, envName === 'production', problems);
  if (config.smtpUrl && !/^smtps?:\/\//.test(config.smtpUrl))
    problems.push('SMTP_URL must start with smtp:// or smtps://');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
