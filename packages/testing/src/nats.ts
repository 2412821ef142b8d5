import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { inject } from 'vitest';
import './provided-context.ts';

/**
 * A name no other test uses, valid as a stream, consumer or subject token
 * (letters, digits and `_` only).
 *
 * @example
 * const stream = uniqueName('ballots'); // "ballots_lx3k2a_9f2c1e"
 */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Connects to the harness nats-server. Close the connection in `afterAll`. */
export function connectTestNats(
  options: Omit<NodeConnectionOptions, 'servers'> = {},
): Promise<NatsConnection> {
  return connect({ ...options, servers: inject('natsUrl') });
}
