import { fileURLToPath } from 'node:url';
import { booleanString, loadEnv, logLevel, port, url } from '@yishi/env';
import { z } from 'zod';

const schema = z.object({
  PORT: port(4102),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  /** A PostgreSQL database of the service's own; embedded PGlite in PGLITE_DIR when unset. */
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Defaults to where `pnpm start` keeps it, wherever the command runs from. */
  PGLITE_DIR: z
    .string()
    .default(fileURLToPath(new URL('../../../.yishi/data/ballots/pglite', import.meta.url))),
  NATS_URL: url({ protocols: ['nats', 'tls'], fallback: 'nats://127.0.0.1:4222' }),
  /** Set by the launcher; the default JWKS location derives from it. */
  YISHI_DIRECTORY_URL: url({ protocols: ['http', 'https'] }).optional(),
  DIRECTORY_JWKS_URL: url({ protocols: ['http', 'https'] }).optional(),
  JWT_ISSUER: z.string().default('yishi-directory'),
  JWT_AUDIENCE: z.string().default('yishi'),
  /**
   * Signs voting links (HMAC-SHA256). At least 32 characters. When unset, one is generated and
   * kept in the database on first start: fine locally, never in production (set it from a secret).
   */
  BALLOTS_LINK_SECRET: z.string().min(32).optional(),
  /**
   * Where owners open their links: `${PUBLIC_BASE_URL}/v/<token>`, the web's voting page. Defaults
   * to the web service the launcher names (YISHI_WEB_URL).
   */
  PUBLIC_BASE_URL: url({ protocols: ['http', 'https'] }).optional(),
  YISHI_WEB_URL: url({ protocols: ['http', 'https'] }).optional(),
  /**
   * `pnpm start` passes it: once the directory's demo community 幸福里 is in the projection, seed
   * its open demo ballot with some votes cast (src/demo/seed.ts). Off by default.
   */
  DEMO: booleanString(false),
  /** Staff alerts: `ballots.quorum.at_risk` once this many hours before the close, quorum short. */
  QUORUM_AT_RISK_HOURS_BEFORE_CLOSE: z.coerce.number().int().min(1).max(720).default(24),
  /** Staff alerts: the daily `ballots.progress.summarized` from this time, `HH:MM` Asia/Shanghai. */
  PROGRESS_SUMMARY_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
    .default('09:00'),
  /** How often the staff-alerts scheduler looks. */
  STAFF_ALERTS_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How often the scheduler looks for ballots due to close. */
  CLOSE_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Group commit of web votes (bench/vote.bench.ts measures them); 0 batches = one transaction each. */
  VOTE_BATCH_MAX: z.coerce.number().int().min(0).max(1_000).default(64),
  VOTE_BATCH_WAIT_MS: z.coerce.number().min(0).max(50).default(2),
  VOTE_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(3),
});

export type BallotsEnv = z.output<typeof schema> & {
  DIRECTORY_JWKS_URL: string;
  PUBLIC_BASE_URL: string;
};

/** The service's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): BallotsEnv {
  const env = loadEnv(schema, source);
  const directory = (env.YISHI_DIRECTORY_URL ?? 'http://127.0.0.1:4101').replace(/\/$/, '');
  return {
    ...env,
    DIRECTORY_JWKS_URL: env.DIRECTORY_JWKS_URL ?? `${directory}/.well-known/jwks.json`,
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? env.YISHI_WEB_URL ?? 'http://127.0.0.1:4100').replace(
      /\/$/,
      '',
    ),
  };
}
