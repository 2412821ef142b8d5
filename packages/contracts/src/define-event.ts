import { randomUUID } from 'node:crypto';
import type { AppError } from '@yishi/errors';
import { z } from 'zod';
import { type EventEnvelope, eventEnvelopeSchema, eventTypePattern } from './envelope.ts';
import { validationFailedFrom } from './validation.ts';

/** What {@link EventContract.create} needs besides the payload. */
export interface CreateEventInput<P> {
  communityId: string;
  aggregateId: string;
  payload: P;
  /** Defaults to `deps.newId()`. Pass one to make a retried write idempotent. */
  id?: string;
  /** Defaults to `deps.now()`. */
  occurredAt?: Date;
}

/** Clock and id source, injected so tests and the domain control them. */
export interface EventDeps {
  now: () => Date;
  newId: () => string;
}

const defaultDeps: EventDeps = { now: () => new Date(), newId: randomUUID };

/** A versioned event: its name, NATS subject, schema and a typed constructor. */
export interface EventContract<T extends string, V extends number, P extends z.ZodObject> {
  readonly type: T;
  readonly version: V;
  /** `<type>.v<version>`, e.g. `ballots.vote.cast.v1`; see {@link defineEvent} for why. */
  readonly subject: `${T}.v${V}`;
  readonly description: string | undefined;
  /** The envelope with this contract's type, version and payload. */
  readonly schema: z.ZodType<EventEnvelope<T, V, z.output<P>>, unknown>;
  /**
   * Validates an incoming message. Throws a permanent `validation_failed` {@link AppError}, which
   * the bus terminates instead of redelivering: a malformed message never becomes valid.
   */
  parse(input: unknown): EventEnvelope<T, V, z.output<P>>;
  /** Builds a valid envelope; throws `validation_failed` if the payload breaks the schema. */
  create(input: CreateEventInput<z.input<P>>, deps?: EventDeps): EventEnvelope<T, V, z.output<P>>;
}

/** The envelope type of a contract: `EventOf<typeof voteCast>`. */
export type EventOf<C> =
  C extends EventContract<infer T, infer V, infer P> ? EventEnvelope<T, V, z.output<P>> : never;

/**
 * Declares one version of one event.
 *
 * The version lives both in the envelope (`version`, so a stored or relayed event describes
 * itself) and in the subject (`ballots.vote.cast.v1`). Putting it in the subject lets a producer
 * publish v1 and v2 side by side during a migration while each durable consumer filters on the
 * version it understands, and `ballots.vote.cast.>` still matches every version.
 *
 * @example
 * ```ts
 * // src/events/ballots.ts
 * export const voteCast = defineEvent({
 *   type: 'ballots.vote.cast',
 *   version: 1,
 *   description: 'An owner cast a ballot; counts toward quorum.',
 *   payload: z.object({ ballotId: z.uuid(), unitId: z.uuid(), choice: z.enum(['agree', 'oppose', 'abstain']) }),
 * });
 *
 * const event = voteCast.create({ communityId, aggregateId: ballotId, payload }, { now, newId });
 * ```
 */
export function defineEvent<
  const T extends string,
  const V extends number,
  P extends z.ZodObject,
>(definition: { type: T; version: V; payload: P; description?: string }): EventContract<T, V, P> {
  const { type, version, payload, description } = definition;
  if (!eventTypePattern.test(type)) {
    throw new Error(
      `Event type "${type}" is not <service>.<aggregate>.<event> in lower snake_case`,
    );
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`Event "${type}" has version ${version}; versions are integers from 1`);
  }
  const schema = eventEnvelopeSchema.extend({
    type: z.literal(type),
    version: z.literal(version),
    payload,
  }) as unknown as z.ZodType<EventEnvelope<T, V, z.output<P>>, unknown>;

  const parse = (input: unknown, location: string): EventEnvelope<T, V, z.output<P>> => {
    const result = schema.safeParse(input);
    if (!result.success) throw validationFailedFrom(result.error, { location });
    return result.data;
  };

  return {
    type,
    version,
    subject: `${type}.v${version}`,
    description,
    schema,
    parse: (input) => parse(input, type),
    create: (input, deps = defaultDeps) =>
      parse(
        {
          id: input.id ?? deps.newId(),
          type,
          version,
          occurredAt: (input.occurredAt ?? deps.now()).toISOString(),
          communityId: input.communityId,
          aggregateId: input.aggregateId,
          payload: input.payload,
        },
        type,
      ),
  };
}
