import { spawn } from 'node:child_process';

/** How a child script ended, with its output for failure messages. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs a TypeScript script in a real Node process (through tsx, resolved from `cwd`) and waits for
 * it: crash tests SIGKILL such a process at a chosen point. Killed after `timeoutMs`.
 *
 * @example
 * const { code, output } = await runTsScript('test/fixtures/relay-child.ts', { cwd: packageDir, env });
 */
export function runTsScript(
  script: string,
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d: Buffer) => {
      output += d.toString();
    });
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}
