import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  findNatsServer,
  MissingBinaryError,
  type ServerProcess,
  spawnServer,
  waitUntilReady,
} from '@yishi/testing';

/**
 * Finds nats-server, or obtains it: on a Debian machine where we are root, from Debian's package
 * (the only source this project's machines can reach); elsewhere the error says what to install.
 */
export function obtainNatsServer(allowInstall: boolean, log: (line: string) => void): string {
  try {
    return findNatsServer();
  } catch (error) {
    const canInstall = allowInstall && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
    if (!(error instanceof MissingBinaryError) || !canInstall) throw error;
  }
  log(
    'nats-server is missing: installing Debian package nats-server (YISHI_INSTALL_NATS=false to skip)',
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'nats-server'], { stdio: 'inherit', env });
  return findNatsServer();
}

/** Starts nats-server with JetStream on `port`, keeping its streams under `dataDir/nats`. */
export async function startLocalNats(options: {
  bin: string;
  host: string;
  port: number;
  dataDir: string;
}): Promise<{ url: string; server: ServerProcess }> {
  const storeDir = join(options.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const server = spawnServer(options.bin, [
    ...['-js', '-sd', storeDir, '-n', 'yishi-local'],
    ...['-a', options.host, '-p', String(options.port)],
  ]);
  await waitUntilReady('nats-server', server, () => tcpOpen(options.host, options.port), 20_000);
  return { url: `nats://${options.host}:${options.port}`, server };
}

function tcpOpen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}
