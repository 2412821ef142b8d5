import { fileURLToPath } from 'node:url';
import { booleanString, loadEnv, logLevel, port, url } from '@yishi/env';
import { z } from 'zod';

const schema = z.object({
  PORT: port(4101),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  /** A PostgreSQL database of the directory's own; embedded PGlite in PGLITE_DIR when unset. */
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }).optional(),
  /** Defaults to where `pnpm start` keeps it, wherever the command runs from. */
  PGLITE_DIR: z
    .string()
    .default(fileURLToPath(new URL('../../../.yishi/data/directory/pglite', import.meta.url))),
  NATS_URL: url({ protocols: ['nats', 'tls'], fallback: 'nats://127.0.0.1:4222' }),
  /** Issuer and audience of staff tokens; every service verifies both. */
  JWT_ISSUER: z.string().default('yishi-directory'),
  JWT_AUDIENCE: z.string().default('yishi'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** Creates this platform admin at start-up when no platform admin exists yet. */
  BOOTSTRAP_ADMIN_LOGIN: z.string().min(3).optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12).optional(),
  /** Where owners open their page links (`${PUBLIC_BASE_URL}/o/<token>`); default the web's URL. */
  PUBLIC_BASE_URL: url({ protocols: ['http', 'https'] }).optional(),
  /** Set by the launcher. */
  YISHI_WEB_URL: url({ protocols: ['http', 'https'] }).optional(),
  /** Seeds the demo community and a staff account per role (for `pnpm start`). */
  DEMO: booleanString(false),
});

export type DirectoryEnv = z.output<typeof schema>;

/** The directory's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): DirectoryEnv {
  return loadEnv(schema, source);
}
