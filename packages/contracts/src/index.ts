export {
  type CreateEventInput,
  defineEvent,
  type EventContract,
  type EventDeps,
  type EventOf,
} from './define-event.ts';
export {
  type EventEnvelope,
  type EventType,
  eventEnvelopeSchema,
  eventTypePattern,
} from './envelope.ts';
// Service events: one file per service (see src/events/README.md).
export * from './events/ballots.ts';
export * from './events/directory.ts';
export * from './events/meetings.ts';
export * from './events/proposals.ts';
export { type ErrorBody, errorBodySchema } from './http/error-body.ts';
export {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageQuery,
  pageLimits,
  pageOf,
  pageQuerySchema,
} from './http/pagination.ts';
export { type StreamDefinition, streams } from './streams.ts';
export {
  toValidationIssues,
  type ValidationIssue,
  validationFailedFrom,
  validationIssueSchema,
} from './validation.ts';
