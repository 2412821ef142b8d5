import { eq } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { ballotMatters } from '../db/schema/index.ts';

/**
 * The matter ids of open ballots, cached: a ballot's matters are fixed once it opens (only a
 * draft can be changed), so the vote path need not read them on every request.
 */
export class MattersCache {
  readonly #byBallot = new Map<string, Promise<ReadonlySet<string>>>();
  constructor(private readonly maxBallots = 1_000) {}

  /** Reads through `db`, which is the caller's transaction on the vote path: a second pool
   * connection per vote would deadlock a busy pool. */
  get(db: BallotsDb | BallotsTx, ballotId: string): Promise<ReadonlySet<string>> {
    let found = this.#byBallot.get(ballotId);
    if (!found) {
      if (this.#byBallot.size >= this.maxBallots) this.#byBallot.clear();
      found = db
        .select({ id: ballotMatters.id })
        .from(ballotMatters)
        .where(eq(ballotMatters.ballotId, ballotId))
        .then((rows) => new Set(rows.map((r) => r.id)));
      found.catch(() => this.#byBallot.delete(ballotId));
      this.#byBallot.set(ballotId, found);
    }
    return found;
  }
}
