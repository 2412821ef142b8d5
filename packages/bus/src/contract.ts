import type { EventContract } from '@yishi/contracts';
import type { z } from 'zod';

/** Any event contract made by `defineEvent` of @yishi/contracts. */
export type AnyContract = EventContract<string, number, z.ZodObject>;

/** Key under which a consumer finds the contract of an envelope. */
export function contractKey(c: { type: string; version: number }): string {
  return `${c.type}@${c.version}`;
}
