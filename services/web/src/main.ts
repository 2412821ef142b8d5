/** Starts the web: env → ballots client → HTTP. */
import { createLogger, serve } from '@yishi/app';
import { createVerifier } from '@yishi/auth';
import { createWebApp } from './app.ts';
import { ballotsClient } from './ballots-client.ts';
import { ballotsStaffClient } from './ballots-staff-client.ts';
import { directoryClient } from './directory-client.ts';
import { readEnv } from './env.ts';
import { meetingsClient } from './meetings/client.ts';
import { proposalsClient } from './proposals/client.ts';

const env = readEnv();
const logger = createLogger({ service: 'web', level: env.LOG_LEVEL });
const directoryUrl = env.YISHI_DIRECTORY_URL.replace(/\/$/, '');
const app = createWebApp({
  ballots: ballotsClient({ baseUrl: env.YISHI_BALLOTS_URL }),
  ballotsStaff: ballotsStaffClient({ baseUrl: env.YISHI_BALLOTS_URL }),
  meetings: meetingsClient({ baseUrl: env.YISHI_MEETINGS_URL }),
  proposals: proposalsClient({ baseUrl: env.YISHI_PROPOSALS_URL }),
  logger,
  staff: {
    directory: directoryClient({ baseUrl: directoryUrl }),
    verifier: createVerifier({
      jwksUrl: env.DIRECTORY_JWKS_URL ?? `${directoryUrl}/.well-known/jwks.json`,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    }),
  },
});
const server = await serve(app, { port: env.PORT, hostname: env.HOST });
logger.info({ port: server.port, ballots: env.YISHI_BALLOTS_URL }, 'web listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  await server.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
