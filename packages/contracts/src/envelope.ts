import { z } from 'zod';

/**
 * `<service>.<aggregate>.<event>` in lower snake_case, e.g. `ballots.vote.cast`. The tokens are
 * restricted so a type is always a valid, wildcard-free NATS subject prefix.
 */
export const eventTypePattern = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** An event type such as `ballots.vote.cast`. */
export type EventType = `${string}.${string}.${string}`;

/**
 * The envelope every event travels in, whatever its payload. Consumers that only route or record
 * events (the outbox relay, the inbox) use this; handlers use a contract's own `schema`.
 */
export const eventEnvelopeSchema = z.object({
  /** Unique per event; the JetStream message id, so the server drops duplicate publishes. */
  id: z.uuid(),
  type: z.string().regex(eventTypePattern),
  /** Version of the payload schema; bumped on any incompatible change. */
  version: z.number().int().min(1),
  /** When the state change happened, ISO 8601 in UTC (`Z` suffix, no offset). */
  occurredAt: z.iso.datetime(),
  /** Every event belongs to one community; consumers scope their effects by it. */
  communityId: z.uuid(),
  /** The id of the aggregate instance that changed (a ballot, a proposal…). */
  aggregateId: z.string().min(1).max(128),
  payload: z.record(z.string(), z.unknown()),
});

/** An envelope with its payload typed; `EventEnvelope` alone is the untyped form. */
export type EventEnvelope<
  T extends string = string,
  V extends number = number,
  P = Record<string, unknown>,
> = Omit<z.output<typeof eventEnvelopeSchema>, 'type' | 'version' | 'payload'> & {
  type: T;
  version: V;
  payload: P;
};
