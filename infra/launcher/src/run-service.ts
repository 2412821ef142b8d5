import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceInfo } from './services.ts';

// Services run their TypeScript source through tsx, resolved from the launcher's own dependencies.
const tsx = import.meta.resolve('tsx');

/**
 * Spawns `node <script>` under tsx in the service's folder, with its NODE_OPTIONS, prefixing its
 * output with its name.
 */
function spawnScript(service: ServiceInfo, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const nodeOptions = [env.NODE_OPTIONS, service.nodeOptions].filter(Boolean).join(' ');
  const child = spawn(process.execPath, ['--import', tsx, script], {
    cwd: service.dir,
    env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(`[${service.name}] ${line}\n`);
    });
  }
  return child;
}

/** Applies the service's migrations; rejects with the exit code when they fail. */
export function migrateService(service: ServiceInfo, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawnScript(service, 'src/migrate.ts', env);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${service.name}: migrations failed (exit ${code ?? signal})`)),
    );
  });
}

/** Starts the service and resolves once its `/readyz` answers 200. */
export async function startService(
  service: ServiceInfo,
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  timeoutMs = 60_000,
): Promise<ChildProcess> {
  const child = spawnScript(service, 'src/main.ts', env);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${service.name} exited while starting (exit ${child.exitCode ?? child.signalCode})`,
      );
    }
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return child;
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`${service.name} was not ready at ${baseUrl}/readyz within ${timeoutMs} ms`);
}

/** Sends SIGTERM and waits (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
