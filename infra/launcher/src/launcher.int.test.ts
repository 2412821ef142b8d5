import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@yishi/testing';
import { afterAll, describe, expect, it } from 'vitest';

const launcherMain = fileURLToPath(new URL('./main.ts', import.meta.url));
const fixtureServices = fileURLToPath(new URL('../test/fixtures/services', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'yishi-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function launch(env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ['--import', 'tsx', launcherMain], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exit };
}

async function untilReady(launched: Launched) {
  await waitFor(() => launched.output().includes('ready. Press Ctrl+C'), {
    timeoutMs: 90_000,
    message: 'the launcher to print that it is ready',
  }).catch((error) => {
    throw new Error(`${error.message}\n--- launcher output ---\n${launched.output()}`);
  });
}

describe('pnpm start in embedded mode', () => {
  it('starts nats-server and a service on PGlite, survives a restart, and stops cleanly', async () => {
    const [port, natsPort] = [await freePort(), await freePort()];
    const env = {
      YISHI_SERVICES_DIR: fixtureServices,
      YISHI_DATA_DIR: dataDir,
      YISHI_PORT_BASE: String(port),
      NATS_PORT: String(natsPort),
      YISHI_INSTALL_NATS: 'false',
    };
    const base = `http://127.0.0.1:${port}`;

    const first = launch(env);
    await untilReady(first);
    expect(first.output()).toContain(`${base}`);
    expect(first.output()).toContain(`PGlite ${join(dataDir, 'notes', 'pglite')}`);
    expect(first.output()).toContain(`NATS nats://127.0.0.1:${natsPort}`);
    for (const body of ['一', '二']) {
      expect((await fetch(`${base}/notes`, { method: 'POST', body })).status).toBe(201);
    }
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();

    // The data lives in the PGlite folder; migrations run again and change nothing.
    const second = launch(env);
    await untilReady(second);
    const response = await fetch(`${base}/notes`);
    expect(await response.json()).toEqual({ count: 2 });
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });
});
