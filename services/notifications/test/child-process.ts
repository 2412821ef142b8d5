import { fileURLToPath } from 'node:url';
import { type ChildResult, runTsScript } from '@yishi/testing';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export type { ChildResult };

/** Runs a script of test/fixtures in a real Node process and waits for it. */
export const runChild = (script: string, env: Record<string, string>, timeoutMs?: number) =>
  runTsScript(`test/fixtures/${script}`, {
    cwd: packageDir,
    env,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
