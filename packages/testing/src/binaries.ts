import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Thrown when a server binary the harness needs is not installed. */
export class MissingBinaryError extends Error {
  override readonly name = 'MissingBinaryError';
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Debian installs each major under /usr/lib/postgresql/<major>/bin; 15 is the project's version. */
function debianPostgresDirs(root = '/usr/lib/postgresql'): string[] {
  let majors: string[];
  try {
    majors = readdirSync(root);
  } catch {
    return [];
  }
  const byPreference = majors
    .filter((m) => /^\d+$/.test(m))
    .sort((a, b) => (a === '15' ? -1 : b === '15' ? 1 : Number(b) - Number(a)));
  return byPreference.map((m) => join(root, m, 'bin'));
}

/** Where to look besides PATH; tests point these at empty folders. */
export interface BinarySearch {
  env?: NodeJS.ProcessEnv;
  /** Holds one folder per PostgreSQL major, Debian style. Default /usr/lib/postgresql. */
  postgresRoot?: string;
  /** Folders searched for nats-server after PATH. Default /usr/sbin and /usr/local/bin. */
  systemDirs?: string[];
}

const hasPostgres = (dir: string) =>
  isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres'));

/**
 * Finds the directory holding `initdb` and `postgres`: `PG_BIN` if set (and only it), else
 * Debian's /usr/lib/postgresql/<major>/bin (15 first), else PATH.
 */
export function findPostgresBin(search: BinarySearch = {}): string {
  const env = search.env ?? process.env;
  if (env.PG_BIN) {
    if (hasPostgres(env.PG_BIN)) return env.PG_BIN;
    throw new MissingBinaryError(`PG_BIN is ${env.PG_BIN}, which holds no initdb and postgres.`);
  }
  const candidates = [
    ...debianPostgresDirs(search.postgresRoot),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
  ];
  const found = candidates.find(hasPostgres);
  if (found) return found;
  throw new MissingBinaryError(
    'PostgreSQL server binaries (initdb, postgres) not found on PATH or in /usr/lib/postgresql/*/bin. ' +
      'Install them with `apt-get install postgresql-15`, or set PG_BIN to the directory holding them.',
  );
}

/** Finds `nats-server`: `NATS_SERVER` if set (and only it), else PATH, else /usr/sbin. */
export function findNatsServer(search: BinarySearch = {}): string {
  const env = search.env ?? process.env;
  if (env.NATS_SERVER) {
    if (isExecutable(env.NATS_SERVER)) return env.NATS_SERVER;
    throw new MissingBinaryError(`NATS_SERVER is ${env.NATS_SERVER}, which is not an executable.`);
  }
  const systemDirs = search.systemDirs ?? ['/usr/sbin', '/usr/local/bin'];
  const found =
    onPath('nats-server', env) ??
    systemDirs.map((dir) => join(dir, 'nats-server')).find(isExecutable);
  if (found) return found;
  throw new MissingBinaryError(
    'nats-server not found on PATH or in /usr/sbin. ' +
      'Install it with `apt-get install nats-server`, or set NATS_SERVER to its path.',
  );
}
