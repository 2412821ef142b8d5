/** Starts the web: env → ballots client → HTTP. */
import { createLogger, serve } from '@yishi/app';
import { createWebApp } from './app.ts';
import { ballotsClient } from './ballots-client.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const logger = createLogger({ service: 'web', level: env.LOG_LEVEL });
const app = createWebApp({ ballots: ballotsClient({ baseUrl: env.YISHI_BALLOTS_URL }), logger });
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
