import type { Logger } from '@yishi/app';
import type { OwnerVerifier, Verifier } from '@yishi/auth';
import type { ProposalsDb } from './db/database.ts';

/** Everything the proposals service's verbs and routers need, built once in main.ts (or a test). */
export interface Deps {
  db: ProposalsDb;
  /** The clock: verbs never read the time themselves. */
  now: () => Date;
  newId: () => string;
  /** Verifies staff tokens issued by the directory. */
  verifier: Verifier;
  /** Verifies owner page tokens issued by the directory (same keys, another audience). */
  ownerVerifier: OwnerVerifier;
  /** Called after a transaction that wrote outbox rows commits, so they go out at once. */
  wakeRelay: () => void;
  logger: Logger;
}
