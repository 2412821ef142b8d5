import type { BallotCommandType, BallotEventType, BallotStatus } from './types.ts';

/**
 * Why a ballot refused a command. A closed set, with no HTTP status: adapters map codes.
 * - `invalid_transition`: the command is not allowed in this state (or an event does not follow it);
 * - `window_invalid`: a date is missing, out of order, or in the past where it must be future;
 * - `too_early`: closing before the announced close;
 * - `too_late`: cancelling once voting has ended (close and publish instead);
 * - `reason_required`: an extension or cancellation without a reason;
 * - `extension_limit_exceeded`: an extension beyond the cap fixed at opening;
 * - `publication_too_short`: a publication shorter than the minimum.
 */
export type BallotErrorCode =
  | 'invalid_transition'
  | 'window_invalid'
  | 'too_early'
  | 'too_late'
  | 'reason_required'
  | 'extension_limit_exceeded'
  | 'publication_too_short';

/** A ballot refused a command (or a replayed event); names the state and the command. */
export class BallotError extends Error {
  override readonly name = 'BallotError';
  constructor(
    readonly code: BallotErrorCode,
    readonly state: BallotStatus,
    readonly command: BallotCommandType | BallotEventType,
    detail: string,
  ) {
    const action = command.startsWith('Ballot') ? `apply ${command} to` : command;
    super(`cannot ${action} a ${state} ballot: ${detail}`);
  }
}
