import type { Logger } from '@yishi/app';
import type { OwnerVerifier, Verifier } from '@yishi/auth';
import type { MeetingsDb } from './db/database.ts';

/** Everything the meetings service's verbs and routers need, built once in main.ts (or a test). */
export interface Deps {
  db: MeetingsDb;
  /** The clock: verbs never read the time themselves. */
  now: () => Date;
  newId: () => string;
  /** Verifies staff tokens issued by the directory. */
  verifier: Verifier;
  /** Verifies owner page tokens issued by the directory (audience `yishi-owner`). */
  ownerVerifier: OwnerVerifier;
  /** Base of the pages owners open: the check-in QR links to `${publicBaseUrl}/m/<id>/check-in`. */
  publicBaseUrl: string;
  /** Called after a transaction that wrote outbox rows commits, so they go out at once. */
  wakeRelay: () => void;
  logger: Logger;
}

/** Who recorded something: a staff member, an owner key (by their own link), or the service. */
export type Actor = { staffId: string } | { holderKey: string } | { system: string };

export const actorName = (actor: Actor): string =>
  'staffId' in actor
    ? `staff:${actor.staffId}`
    : 'holderKey' in actor
      ? 'owner'
      : `system:${actor.system}`;
