import type { Deps } from '../context.ts';
import {
  type CastVoteInput,
  type CheckedVote,
  checkVote,
  type VoteDeps,
  type VoteReceipt,
  writeVotes,
} from './cast-vote.ts';
import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './group-commit.ts';

export type VoteBatchOptions = GroupCommitOptions;

/**
 * Web votes with group commit: each vote is checked on its own (link, second factor), then
 * concurrent votes are written together, one transaction per batch ({@link writeVotes}), and
 * each request is answered only after its batch committed. A refused vote is refused alone; a
 * batch whose transaction fails rejects every vote in it. At most one vote per credential is in
 * flight at a time; a second one waits for the first one's batch.
 */
export class VoteBatcher {
  readonly #deps: VoteDeps & Pick<Deps, 'wakeRelay' | 'onVotesChanged'>;
  readonly #commit: GroupCommit<CheckedVote, VoteReceipt>;

  constructor(
    deps: VoteDeps & Pick<Deps, 'wakeRelay' | 'onVotesChanged'>,
    options: VoteBatchOptions = {},
  ) {
    this.#deps = deps;
    this.#commit = new GroupCommit(
      async (batch) => {
        const settled = await deps.db.transaction((tx) => writeVotes(tx, deps, batch));
        const ballots = new Set(settled.flatMap((s) => (s.ok ? [s.value.ballotId] : [])));
        if (ballots.size > 0) deps.wakeRelay();
        // Progress in this replica learns at once; other replicas hear ballots.vote.cast.
        for (const ballotId of ballots) deps.onVotesChanged?.(ballotId);
        return settled;
      },
      { ...options, keyOf: (vote) => vote.credentialId },
    );
  }

  /** Checks the vote, then resolves with its receipt once its batch committed. */
  async cast(input: CastVoteInput): Promise<VoteReceipt> {
    return this.#commit.submit(await checkVote(this.#deps, input));
  }

  get stats(): Readonly<GroupCommitStats> {
    return this.#commit.stats;
  }
}
