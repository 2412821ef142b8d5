import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** How a child script ended, with its output for failure messages. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a TypeScript script of test/fixtures in a real Node process (via tsx) and waits for it. */
export function runChild(
  script: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${script}`], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d: Buffer) => {
      output += d.toString();
    });
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}
