import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Asks the OS for a port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

/** A child server process whose output is kept (bounded) for error messages. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Last output of the server, for error messages. */
  log(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Sends `signal`, then SIGKILL if it has not exited within `graceMs`. */
  stop(signal: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const maxLogChars = 20_000;

/** Spawns a server and captures its stdout and stderr. */
export function spawnServer(
  command: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd?: string } = {},
): ServerProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxLogChars);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      append(Buffer.from(`\n${err.message}\n`));
      resolve();
    });
  });
  return {
    child,
    log: () => output,
    exited,
    async stop(signal, graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const grace = new AbortController();
      const timedOut = await Promise.race([
        exited.then(() => false),
        sleep(graceMs, true, { signal: grace.signal }).catch(() => false),
      ]);
      grace.abort();
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Calls `probe` until it resolves, the process exits, or `timeoutMs` passes; the error names
 * the server and carries its log so a failed start explains itself.
 */
export async function waitUntilReady(
  name: string,
  server: ServerProcess,
  probe: () => Promise<void>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => {
    exited = true;
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    await sleep(50);
  }
  const why = exited
    ? `exited early (code ${server.child.exitCode}, signal ${server.child.signalCode})`
    : `was not ready within ${timeoutMs} ms (last error: ${String(lastError)})`;
  throw new Error(`${name} ${why}. Its log:\n${server.log()}`);
}
