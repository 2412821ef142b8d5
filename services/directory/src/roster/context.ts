import type { Deps } from '../context.ts';

/** What the roster's verbs use of the directory's dependencies (the bench builds only these). */
export type RosterCtx = Pick<Deps, 'db' | 'now' | 'newId' | 'logger' | 'wakeRelay'>;
