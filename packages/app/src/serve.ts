import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';

/** Options of {@link serve}. */
export interface ServeOptions {
  /** 0 picks a free port (tests); read the chosen one from the handle. */
  port: number;
  hostname?: string;
  /** How long `close()` waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
}

/** A listening server. */
export interface ServerHandle {
  readonly port: number;
  readonly hostname: string;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `drainTimeoutMs`), then
   * resolves. Call it on SIGTERM before closing the database and the bus.
   */
  close(): Promise<void>;
}

/**
 * Listens with `@hono/node-server` and resolves once the port is bound.
 *
 * @example
 * ```ts
 * const server = await serve(app, { port: env.PORT });
 * process.once('SIGTERM', async () => { await server.close(); await db.end(); });
 * ```
 */
export function serve(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: ServeOptions,
): Promise<ServerHandle> {
  const { drainTimeoutMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const server = serveNode(
      { fetch: app.fetch, port: options.port, hostname: options.hostname },
      (info: AddressInfo) => {
        server.off('error', reject);
        resolve({
          port: info.port,
          hostname: info.address,
          close: once(() => drain(server, drainTimeoutMs)),
        });
      },
    ) as Server;
    server.once('error', reject);
  });
}

function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => {
    result ??= fn();
    return result;
  };
}
