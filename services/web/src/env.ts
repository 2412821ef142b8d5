import { loadEnv, logLevel, port, url } from '@yishi/env';
import { z } from 'zod';

const schema = z.object({
  PORT: port(4100),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  /** The ballots service's HTTP API; set by the launcher. */
  YISHI_BALLOTS_URL: url({ protocols: ['http', 'https'], fallback: 'http://127.0.0.1:4102' }),
  /** The directory's HTTP API (staff sign-in, later phases); set by the launcher. */
  YISHI_DIRECTORY_URL: url({ protocols: ['http', 'https'], fallback: 'http://127.0.0.1:4101' }),
});

export type WebEnv = z.output<typeof schema>;

/** The web's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): WebEnv {
  return loadEnv(schema, source);
}
