// Owns the process configuration: every environment variable the server reads is parsed and
// validated here, once, at start-up. A bad value stops the process with a list of every problem
// rather than failing later in a code path that happens to read it. The README's table mirrors
// `describeVariables()`.
import { resolve } from 'node:path';
import cron from 'node-cron';
import { readPackageVersion } from './version.js';

export interface AppConfig {
  version: string;
  port: number;
  host: string;
  database: {
    /** external when DATABASE_URL is set, else an embedded PGlite kept under dataDir. */
    kind: 'embedded' | 'external';
    url: string | null;
    dataDir: string;
    poolSize: number;
  };
  redisUrl: string | null;
  auth: { jwtSecret: string; accessTokenTtlSeconds: number; refreshTokenTtlSeconds: number };
  demo: { enabled: boolean; password: string; ingestKey: string };
  log: { level: LogLevel; format: 'json' | 'text' };
  corsOrigins: string[];
  clientDist: string;
  scheduler: { enabled: boolean };
  /** The business clock pinned at this instant (epoch ms; tests, demos of a past date); null: real time. */
  clockNowMs: number | null;
  followUp: {
    /** Days an open alert may wait for an acknowledgement before it goes to the leaders above. */
    acknowledgeWithinDays: number;
    /** Days before a value goes stale that its agency is reminded. */
    reminderLeadDays: number;
    /** node-cron schedule (Asia/Ho_Chi_Minh) of the sweep that escalates and reminds. */
    sweepSchedule: string;
  };
  notify: {
    webhookUrl: string | null;
    webhookSecret: string | null;
    smtpUrl: string | null;
    emailFrom: string;
    emailTo: string[];
    /** The first retry's delay; each next one doubles it (with jitter), up to an hour. */
    retryBaseMs: number;
    maxAttempts: number;
  };
  /** `csv` connectors read files only under this directory. */
  connectors: { filesDir: string };
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

interface VariableSpec {
  name: string;
  default: string;
  description: string;
}

const VARIABLES: VariableSpec[] = [
  { name: 'PORT', default: '3000', description: 'HTTP port for the API, the dashboard and the /live socket.' },
  { name: 'HOST', default: '0.0.0.0', description: 'Interface to listen on.' },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded)',
    description: 'PostgreSQL URL. Unset: an embedded PostgreSQL (PGlite) under DATA_DIR.',
  },
  { name: 'DATA_DIR', default: './data', description: 'Where the embedded database keeps its files.' },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10 (external), 1 (embedded)',
    description: 'Connections in the pool. The embedded database serves one connection safely.',
  },
  {
    name: 'REDIS_URL',
    default: '(unset)',
    description: 'Redis URL; set it when several instances run, so live events reach every instance.',
  },
  {
    name: 'JWT_SECRET',
    default: '(random per start when DEMO is on)',
    description: 'Secret that signs access tokens. Required (at least 32 characters) when DEMO=0.',
  },
  { name: 'JWT_TTL_SECONDS', default: '3600', description: 'Access token lifetime.' },
  { name: 'REFRESH_TTL_SECONDS', default: '604800', description: 'Refresh token lifetime.' },
  { name: 'DEMO', default: '1', description: 'Load demo data into an empty database (0 to disable).' },
  { name: 'DEMO_PASSWORD', default: 'demo', description: 'Password of every demo account.' },
  { name: 'DEMO_INGEST_KEY', default: 'demo-key', description: 'API key of the demo push connector.' },
  { name: 'LOG_LEVEL', default: 'log', description: 'error, warn, log, debug or verbose.' },
  { name: 'LOG_FORMAT', default: 'json', description: 'json (one JSON object per line) or text.' },
  {
    name: 'CORS_ORIGINS',
    default: '(same origin only)',
    description: 'Comma-separated origins allowed to call the API.',
  },
  { name: 'CLIENT_DIST', default: './client/dist', description: 'The built dashboard served at /.' },
  {
    name: 'SCHEDULER',
    default: '1',
    description: 'Run scheduled connector pulls and sweeps on this instance (0 to disable).',
  },
  {
    name: 'CLOCK_NOW',
    default: '(unset: real time)',
    description: 'Freeze the business clock at this ISO 8601 instant (tests, demos of a past date).',
  },
  {
    name: 'ALERT_ACKNOWLEDGE_DAYS',
    default: '3',
    description: 'Days an open alert may go unacknowledged before it escalates to the leaders above the agency.',
  },
  {
    name: 'REMINDER_LEAD_DAYS',
    default: '7',
    description: "Days before a value goes stale (the indicator's reporting cycle) that its agency is reminded.",
  },
  {
    name: 'FOLLOW_UP_SCHEDULE',
    default: '*/15 * * * *',
    description: 'When the sweep for overdue acknowledgements and data reminders runs (cron, Asia/Ho_Chi_Minh).',
  },
  {
    name: 'NOTIFY_WEBHOOK_URL',
    default: '(unset: off)',
    description: 'POST alert notifications here as JSON (retried with backoff until delivered).',
  },
  {
    name: 'NOTIFY_WEBHOOK_SECRET',
    default: '(unset)',
    description: 'Signs each webhook body: header X-Kpi-Signature: sha256=<HMAC-SHA256 hex>.',
  },
  {
    name: 'SMTP_URL',
    default: '(unset: off)',
    description: 'smtp:// or smtps:// URL (with user:password) for alert e-mails.',
  },
  { name: 'NOTIFY_EMAIL_FROM', default: 'kpi@localhost', description: 'Sender of alert e-mails.' },
  {
    name: 'NOTIFY_EMAIL_TO',
    default: '(unset)',
    description: 'Comma-separated recipients of alert e-mails (required with SMTP_URL).',
  },
  {
    name: 'NOTIFY_RETRY_BASE_MS',
    default: '30000',
    description: 'Delay before the first retry of a failed notification; doubled (with jitter) each time, up to 1 h.',
  },
  { name: 'NOTIFY_MAX_ATTEMPTS', default: '10', description: 'Attempts before a notification is marked failed.' },
  {
    name: 'CONNECTOR_FILES_DIR',
    default: './data/imports',
    description: 'The only directory `csv` connectors may read files from (paths are relative to it).',
  },
];

export function describeVariables(): readonly VariableSpec[] {
  return VARIABLES;
}

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}: must be 0 or 1, got "${raw}"`);
    return fallback;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = value(name);
    if (raw === undefined) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name}: protocol must be one of ${protocols.join(', ')}, got "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name}: not a valid URL`);
    }
    return raw;
  };

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const demoEnabled = flag('DEMO', true);
  let jwtSecret = value('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  }
  if (jwtSecret === undefined) {
    if (!demoEnabled) problems.push('JWT_SECRET: required when DEMO=0');
    // A demo instance gets a fresh secret per start: tokens do not survive a restart, which is
    // the safe default; several instances must share JWT_SECRET.
    jwtSecret = cryptoRandom();
  }
  const logLevel = (value('LOG_LEVEL') ?? 'log') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}`);
  const logFormat = value('LOG_FORMAT') ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'text') problems.push('LOG_FORMAT: must be json or text');

  const clockText = value('CLOCK_NOW');
  const clockNowMs = clockText === undefined ? null : Date.parse(clockText);
  if (clockNowMs !== null && Number.isNaN(clockNowMs)) {
    problems.push(`CLOCK_NOW: must be an ISO 8601 date-time, got "${clockText}"`);
  }

  const config: AppConfig = {
    version: readPackageVersion(),
    port: integer('PORT', 3000, 0, 65535),
    host: value('HOST') ?? '0.0.0.0',
    database: {
      kind: databaseUrl ? 'external' : 'embedded',
      url: databaseUrl,
      dataDir: resolve(value('DATA_DIR') ?? './data'),
      poolSize: integer('DATABASE_POOL_SIZE', databaseUrl ? 10 : 1, 1, 200),
    },
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: integer('JWT_TTL_SECONDS', 3600, 60, 86400 * 7),
      refreshTokenTtlSeconds: integer('REFRESH_TTL_SECONDS', 604800, 300, 86400 * 90),
    },
    demo: {
      enabled: demoEnabled,
      password: value('DEMO_PASSWORD') ?? 'demo',
      ingestKey: value('DEMO_INGEST_KEY') ?? 'demo-key',
    },
    log: { level: logLevel, format: logFormat as 'json' | 'text' },
    corsOrigins: (value('CORS_ORIGINS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    clientDist: resolve(value('CLIENT_DIST') ?? './client/dist'),
    scheduler: { enabled: flag('SCHEDULER', true) },
    clockNowMs: clockNowMs === null || Number.isNaN(clockNowMs) ? null : clockNowMs,
    followUp: {
      acknowledgeWithinDays: integer('ALERT_ACKNOWLEDGE_DAYS', 3, 1, 365),
      reminderLeadDays: integer('REMINDER_LEAD_DAYS', 7, 0, 365),
      sweepSchedule: value('FOLLOW_UP_SCHEDULE') ?? '*/15 * * * *',
    },
    notify: {
      webhookUrl: url('NOTIFY_WEBHOOK_URL', ['http:', 'https:']),
      webhookSecret: value('NOTIFY_WEBHOOK_SECRET') ?? null,
      smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
      emailFrom: value('NOTIFY_EMAIL_FROM') ?? 'kpi@localhost',
      emailTo: (value('NOTIFY_EMAIL_TO') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      retryBaseMs: integer('NOTIFY_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      maxAttempts: integer('NOTIFY_MAX_ATTEMPTS', 10, 1, 100),
    },
    connectors: { filesDir: resolve(value('CONNECTOR_FILES_DIR') ?? './data/imports') },
  };
  if (!cron.validate(config.followUp.sweepSchedule)) {
    problems.push(`FOLLOW_UP_SCHEDULE: not a valid cron expression, got "${config.followUp.sweepSchedule}"`);
  }
  if (config.notify.smtpUrl && !config.notify.emailTo.length) {
    problems.push('NOTIFY_EMAIL_TO: required when SMTP_URL is set');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function cryptoRandom(): string {
  return globalThis.crypto.randomUUID() + globalThis.crypto.randomUUID();
}
