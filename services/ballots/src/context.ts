import type { Logger } from '@yishi/app';
import type { Verifier } from '@yishi/auth';
import type { BallotsDb } from './db/database.ts';
import type { ProgressHub } from './progress/hub.ts';
import type { LinkKeys } from './voting/link-token.ts';
import type { VoteBatchOptions } from './voting/vote-batcher.ts';

/** Everything the ballots service's verbs and routers need, built once in main.ts (or a test). */
export interface Deps {
  db: BallotsDb;
  /** The clock: verbs never read the time themselves. */
  now: () => Date;
  newId: () => string;
  /** Verifies staff tokens issued by the directory. */
  verifier: Verifier;
  /** Keys derived from BALLOTS_LINK_SECRET: voting links and second-factor hashes. */
  links: LinkKeys;
  /** Base of the links owners open: `${publicBaseUrl}/v/<token>`. */
  publicBaseUrl: string;
  /** Called after a transaction that wrote outbox rows commits, so they go out at once. */
  wakeRelay: () => void;
  logger: Logger;
  /**
   * Called after a transaction that stored, changed or replaced votes commits, so this replica's
   * live progress of the ballot refreshes at once (other replicas learn of it over NATS).
   */
  onVotesChanged?: (ballotId: string) => void;
  /** Live progress per ballot (src/progress/hub.ts); the progress routes make one when absent. */
  progress?: ProgressHub;
  /** Group commit of web votes; `false` writes each vote in its own transaction. */
  voteBatch?: VoteBatchOptions | false;
}

/**
 * Who did something: a staff member's id, or the service itself (the close scheduler, the demo,
 * a meeting's cancellation followed from the meetings service).
 */
export type Actor = { staffId: string } | { system: 'scheduler' | 'demo' | 'meetings' };

export const actorName = (actor: Actor): string =>
  'staffId' in actor ? `staff:${actor.staffId}` : `system:${actor.system}`;
