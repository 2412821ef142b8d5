import { fileURLToPath } from 'node:url';
import { booleanString, loadEnv, logLevel, port, url } from '@yishi/env';
import { z } from 'zod';

const schema = z.object({
  PORT: port(4104),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  /** A PostgreSQL database of the service's own; embedded PGlite in PGLITE_DIR when unset. */
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Defaults to where `pnpm start` keeps it, wherever the command runs from. */
  PGLITE_DIR: z
    .string()
    .default(fileURLToPath(new URL('../../../.yishi/data/proposals/pglite', import.meta.url))),
  NATS_URL: url({ protocols: ['nats', 'tls'], fallback: 'nats://127.0.0.1:4222' }),
  /** Set by the launcher; the default JWKS location derives from it. */
  YISHI_DIRECTORY_URL: url({ protocols: ['http', 'https'] }).optional(),
  DIRECTORY_JWKS_URL: url({ protocols: ['http', 'https'] }).optional(),
  JWT_ISSUER: z.string().default('yishi-directory'),
  JWT_AUDIENCE: z.string().default('yishi'),
  /** Seeds demo proposals and micro-wishes in the demo community 幸福里 once it is projected. */
  DEMO: booleanString(false),
});

export type ProposalsEnv = z.output<typeof schema> & { DIRECTORY_JWKS_URL: string };

/** The service's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ProposalsEnv {
  const env = loadEnv(schema, source);
  const directory = (env.YISHI_DIRECTORY_URL ?? 'http://127.0.0.1:4101').replace(/\/$/, '');
  return {
    ...env,
    DIRECTORY_JWKS_URL: env.DIRECTORY_JWKS_URL ?? `${directory}/.well-known/jwks.json`,
  };
}
