export { decide } from './decide.ts';
export { BallotError, type BallotErrorCode } from './errors.ts';
export { evolve, initialState, replay } from './evolve.ts';
export { PUBLICATION_DUE_DAYS, PUBLICATION_MINIMUM_DAYS } from './rules.ts';
export type {
  BallotCommand,
  BallotCommandType,
  BallotEvent,
  BallotEventType,
  BallotState,
  BallotStatus,
  BallotWindow,
  Publication,
  PublicationLate,
} from './types.ts';
