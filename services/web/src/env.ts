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
  /** The meetings service's HTTP API (meeting pages, the owner's home); set by the launcher. */
  YISHI_MEETINGS_URL: url({ protocols: ['http', 'https'], fallback: 'http://127.0.0.1:4105' }),
  /** The proposals service's HTTP API (the proposals pages); set by the launcher. */
  YISHI_PROPOSALS_URL: url({ protocols: ['http', 'https'], fallback: 'http://127.0.0.1:4104' }),
  /** Where the staff access tokens' keys are; defaults to the directory's JWKS. */
  DIRECTORY_JWKS_URL: url({ protocols: ['http', 'https'] }).optional(),
  /** Issuer and audience of staff tokens, as the directory signs them. */
  JWT_ISSUER: z.string().default('yishi-directory'),
  JWT_AUDIENCE: z.string().default('yishi'),
});

export type WebEnv = z.output<typeof schema>;

/** The web's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): WebEnv {
  return loadEnv(schema, source);
}
