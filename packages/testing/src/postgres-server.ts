import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { findPostgresBin } from './binaries.ts';
import { freePort, type ServerProcess, spawnServer, waitUntilReady } from './process.ts';

const run = promisify(execFile);

/** A PostgreSQL server started for one test run. */
export interface PostgresServer {
  /** Connection URL of the `postgres` maintenance database (superuser `postgres`, no password). */
  readonly url: string;
  readonly dir: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/** initdb and postgres refuse to run as root, so under root they run as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, but there is no `postgres` user to run PostgreSQL as. ' +
        'Install `apt-get install postgresql-15` (it creates the user) or run the tests as a normal user.',
    );
  }
}

/**
 * Initialises a throwaway cluster in a temp dir (trust auth, fsync off) and starts it on a
 * free port of 127.0.0.1, with its unix socket in the same temp dir.
 */
export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'yishi-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = join(dir, 'data');
  try {
    await run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { ...user, cwd: dir },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new Error(`initdb failed: ${e.message}\n${e.stderr ?? ''}`);
  }
  const port = await freePort();
  // Durability is pointless for a throwaway cluster; these make tests markedly faster.
  const server = spawnServer(
    join(bin, 'postgres'),
    [
      ...['-D', dataDir, '-p', String(port), '-k', dir],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=500'],
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    ],
    { ...user, cwd: dir },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and exits cleanly.
    await server.stop('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady('PostgreSQL', server, () => probe(url), options.timeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dir, process: server, stop };
}

async function probe(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
