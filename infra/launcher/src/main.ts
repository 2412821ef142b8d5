/**
 * `pnpm start`: runs the whole suite on one machine without Docker. Starts nats-server (or uses
 * NATS_URL), gives each service its own database, runs its migrations, starts it, waits until it is
 * ready and prints the URLs. Ctrl+C (SIGINT) or SIGTERM stops everything in reverse order.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFor } from './databases.ts';
import { readEnv } from './env.ts';
import { obtainNatsServer, startLocalNats } from './nats.ts';
import { migrateService, startService, stopChild } from './run-service.ts';
import { discoverServices, serviceUrlVariable } from './services.ts';

// Relative paths in the configuration are taken from the repository root, wherever pnpm runs us.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const log = (line: string) => process.stdout.write(`[launcher] ${line}\n`);

async function main() {
  const env = readEnv(process.env);
  const dataDir = resolve(root, env.YISHI_DATA_DIR);
  const servicesDir = resolve(root, env.YISHI_SERVICES_DIR);
  const running: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const child of running.reverse()) await stopChild(child);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  let natsUrl = env.NATS_URL;
  if (!natsUrl) {
    const bin = obtainNatsServer(env.YISHI_INSTALL_NATS, log);
    const nats = await startLocalNats({ bin, host: env.YISHI_HOST, port: env.NATS_PORT, dataDir });
    running.push(nats.server.child);
    natsUrl = nats.url;
  }
  log(`NATS ${natsUrl}`);

  const services = discoverServices(servicesDir, env.YISHI_PORT_BASE);
  const urls = Object.fromEntries(
    services.map((s) => [serviceUrlVariable(s.name), `http://${env.YISHI_HOST}:${s.port}`]),
  );
  const rows: string[] = [];
  for (const service of services) {
    // A service owns a database when it has migrations; the web, for one, has none.
    const database = service.hasMigrations
      ? await databaseFor(service.name, { serverUrl: env.YISHI_DATABASE_URL, dataDir })
      : undefined;
    const serviceEnv = {
      ...process.env,
      ...urls,
      ...(database ?? {}),
      NATS_URL: natsUrl,
      DEMO: String(env.YISHI_DEMO),
      PORT: String(service.port),
      HOST: env.YISHI_HOST,
    };
    if (service.hasMigrations) await migrateService(service, serviceEnv);
    const url = urls[serviceUrlVariable(service.name)]!;
    const child = await startService(service, serviceEnv, url);
    running.push(child);
    child.once('exit', (code) => {
      if (stopping) return;
      log(`${service.name} exited unexpectedly (${code}); stopping the suite`);
      void stopAll(1);
    });
    const store =
      database === undefined
        ? ''
        : 'DATABASE_URL' in database
          ? 'PostgreSQL'
          : `PGlite ${database.PGLITE_DIR}`;
    rows.push(`  ${service.title.padEnd(24)} ${url.padEnd(28)} ${store}`);
  }

  log('Yishi is running:');
  for (const row of rows) process.stdout.write(`${row}\n`);
  if (services.length === 0) log(`no services found under ${env.YISHI_SERVICES_DIR}/ yet`);
  if (env.YISHI_DEMO && services.some((s) => s.name === 'directory')) {
    log('demo community 幸福里: sign in as demo-admin, demo-member, demo-secretary, demo-grid or');
    log('demo-platform, password yishi-demo-2026 (YISHI_DEMO=false to start without it)');
  }
  log('ready. Press Ctrl+C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`[launcher] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
