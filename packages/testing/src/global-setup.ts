import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { type NatsServer, startNats } from './nats-server.ts';
import { type PostgresServer, startPostgres } from './postgres-server.ts';
import './provided-context.ts';

/**
 * vitest globalSetup: starts one PostgreSQL and one nats-server (JetStream) per run, provides
 * their URLs as `postgresUrl` and `natsUrl`, and stops both and removes their temp dirs at
 * teardown, on SIGINT/SIGTERM, and (best effort) when the runner exits abruptly.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@yishi/testing/global-setup'] } });
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pg, nats] = await Promise.allSettled([startPostgres(), startNats()]);
  const servers = [pg, nats].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (pg.status === 'rejected' || nats.status === 'rejected') {
    await Promise.all(servers.map((s) => s.stop()));
    throw pg.status === 'rejected' ? pg.reason : (nats as PromiseRejectedResult).reason;
  }
  const cleanup = cleanupOnce(pg.value, nats.value);
  project.provide('postgresUrl', pg.value.url);
  project.provide('natsUrl', nats.value.url);
  return cleanup;
}

function cleanupOnce(pg: PostgresServer, nats: NatsServer): () => Promise<void> {
  let done: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => {
      // Re-raise so the runner ends the way the signal asked for.
      process.kill(process.pid, signal);
    });
  };
  // Last resort when the runner exits without teardown: only synchronous work runs here.
  const onExit = () => {
    for (const server of [pg, nats]) {
      server.process.child.kill('SIGKILL');
      rmSync(server.dir, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  const cleanup = () => {
    done ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await Promise.allSettled([pg.stop(), nats.stop()]);
      process.off('exit', onExit);
    })();
    return done;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  return cleanup;
}
