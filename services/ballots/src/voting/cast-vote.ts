import { outboxInsert, type PreparedEvent, prepareEvent } from '@yishi/bus';
import {
  castBallot,
  type EventOf,
  maxVotesPerEvent,
  validationFailedFrom,
  voteCast,
} from '@yishi/contracts';
import { insertColumns } from '@yishi/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { lifecycleLock } from '../ballots/load.ts';
import type { Deps } from '../context.ts';
import type { BallotsTx } from '../db/database.ts';
import { type VoteChannel, type VoteChoice, voteChanges, votes } from '../db/schema/index.ts';
import type { Settled } from './group-commit.ts';
import { newReceiptCode, receiptHash, verifyLinkToken } from './link-token.ts';
import type { MattersCache } from './matters-cache.ts';
import { executePrepared } from './prepared.ts';
import { refusal } from './refusals.ts';
import { checkSecondFactor } from './second-factor.ts';

export interface Choices {
  choices: { matterId: string; choice: VoteChoice }[];
}

export type CastVoteInput = Choices & {
  token: string;
  secondFactor?: string | undefined;
  channel?: VoteChannel;
};

/** A vote whose link and second factor were checked, ready to be written (alone or in a batch). */
export interface CheckedVote extends Choices {
  credentialId: string;
  secondFactorGiven: boolean;
  channel: VoteChannel;
  now: Date;
  receipt: string;
  receiptHash: string;
}

export interface VoteReceipt {
  /** The ballot voted on, so callers can tell progress its votes changed. */
  ballotId: string;
  receipt: string;
  changed: boolean;
  castAt: Date;
}

export type VoteDeps = Pick<Deps, 'db' | 'links' | 'now' | 'newId'> & { matters: MattersCache };

/** Whether owners may vote at `now`: the ballot is open or extended and `now` is in its window. */
export function isVotingOpen(
  b: { status: string; opens_at: string | Date; closes_at: string | Date },
  now: Date,
): boolean {
  const t = now.getTime();
  return (
    (b.status === 'open' || b.status === 'extended') &&
    t >= new Date(b.opens_at).getTime() &&
    t < new Date(b.closes_at).getTime()
  );
}

/**
 * What needs no vote transaction: the link's MAC, no matter named twice, and the second factor
 * when one is given (checked and throttled in its own transaction, so failures are recorded
 * even though the vote is refused). Draws the receipt code, kept only as a hash.
 */
export async function checkVote(deps: VoteDeps, input: CastVoteInput): Promise<CheckedVote> {
  const credentialId = verifyLinkToken(deps.links, input.token);
  if (!credentialId) throw refusal('link_invalid');
  const seen = new Set<string>();
  for (const c of input.choices) {
    if (seen.has(c.matterId))
      throw refusal('unknown_matter', { matterId: c.matterId, duplicate: true });
    seen.add(c.matterId);
  }
  if (input.secondFactor !== undefined)
    await checkSecondFactor(deps, credentialId, input.secondFactor);
  const receipt = newReceiptCode();
  return {
    credentialId,
    choices: input.choices,
    secondFactorGiven: input.secondFactor !== undefined,
    channel: input.channel ?? 'web',
    now: deps.now(),
    receipt,
    receiptHash: receiptHash(receipt),
  };
}

interface CredentialRow {
  id: string;
  ballot_id: string;
  community_id: string;
  holder_key: string;
  revoked: boolean;
  status: string;
  opens_at: string | Date;
  closes_at: string | Date;
  allow_change: boolean;
  second_factor: string;
}

const uuids = (values: readonly string[]) => sql`${sql.param(values)}::text[]::uuid[]`;

const voteColumns = [
  ['id', 'uuid'],
  ['ballot_id', 'uuid'],
  ['matter_id', 'uuid'],
  ['holder_key', 'text'],
  ['choice', 'text'],
  ['channel', 'text'],
  ['credential_id', 'uuid'],
  ['receipt_hash', 'text'],
  ['cast_at', 'timestamptz'],
] as const;

type VoteRow = typeof votes.$inferInsert & { id: string };

/**
 * Writes checked votes in the caller's transaction, answering one outcome per vote: its receipt,
 * or its own refusal (the others are still written). For the whole batch, in few statements:
 *
 * 1. the shared lifecycle lock of each ballot named (a close or a reissue holds it exclusive), then
 *    — a later statement, so its snapshot sees whatever such a change committed — the credentials
 *    and their ballots; both are sent at once (pipelined);
 * 2. one INSERT of every accepted vote's rows, ON CONFLICT on the one-per-owner-and-matter
 *    constraint DO NOTHING RETURNING the ids that went in: a vote with a row that did not is
 *    refused (`already_voted`, its other rows deleted again) or, where the ballot allows it,
 *    becomes a change of vote kept in `vote_changes`;
 * 3. one INSERT of the outbox events of the votes recorded: `ballots.vote.cast` v2, one per ballot
 *    for the whole batch (see votesCastEvents).
 *
 * Rows are inserted in (ballot, matter, holder) order, so concurrent batches wait on each other's
 * rows in one order and cannot deadlock. Callers put at most one vote per credential in a batch
 * (GroupCommit's key): two of one owner would make one's refusal depend on the other's rows.
 * Throws (failing the batch) when the database does, or if an event broke its contract (a bug).
 */
export async function writeVotes(
  tx: BallotsTx,
  deps: Pick<VoteDeps, 'newId' | 'matters'>,
  batch: readonly CheckedVote[],
): Promise<Settled<VoteReceipt>[]> {
  const credentialIds = [...new Set(batch.map((v) => v.credentialId))];
  const [, read] = await Promise.all([
    executePrepared(
      tx,
      sql`
      select ${lifecycleLock(sql`s.ballot_id`, 'shared')}
      from (select distinct ballot_id from credentials where id = any(${uuids(credentialIds)})) s`,
    ),
    executePrepared<CredentialRow>(
      tx,
      sql`
      select c.id, c.ballot_id, b.community_id, c.holder_key, c.revoked_at is not null as revoked,
             b.status, b.opens_at, b.closes_at, b.allow_change, b.second_factor
      from credentials c join ballots b on b.id = c.ballot_id
      where c.id = any(${uuids(credentialIds)})`,
    ),
  ]);
  const credentials = new Map(read.map((c) => [c.id, c]));

  const outcomes: Settled<VoteReceipt>[] = new Array(batch.length);
  const accepted: { index: number; vote: CheckedVote; c: CredentialRow; rows: VoteRow[] }[] = [];
  for (const [index, vote] of batch.entries()) {
    const c = credentials.get(vote.credentialId);
    const refused = !c
      ? refusal('link_invalid')
      : c.revoked
        ? refusal('credential_revoked')
        : !isVotingOpen(c, vote.now)
          ? refusal('ballot_not_open', { status: c.status })
          : c.second_factor !== 'none' && !vote.secondFactorGiven
            ? refusal('second_factor_required', { secondFactor: c.second_factor })
            : undefined;
    if (refused || !c) {
      outcomes[index] = { ok: false, error: refused };
      continue;
    }
    const known = await deps.matters.get(tx, c.ballot_id);
    const unknown = vote.choices.find((choice) => !known.has(choice.matterId));
    if (unknown) {
      outcomes[index] = {
        ok: false,
        error: refusal('unknown_matter', { matterId: unknown.matterId }),
      };
      continue;
    }
    const rows = vote.choices.map((choice) => ({
      id: deps.newId(),
      ballotId: c.ballot_id,
      matterId: choice.matterId,
      holderKey: c.holder_key,
      choice: choice.choice,
      channel: vote.channel,
      credentialId: vote.credentialId,
      receiptHash: vote.receiptHash,
      castAt: vote.now,
    }));
    accepted.push({ index, vote, c, rows });
  }
  if (accepted.length === 0) return outcomes;

  const rows = accepted
    .flatMap((a) => a.rows)
    .sort(
      (x, y) =>
        compare(x.ballotId, y.ballotId) ||
        compare(x.matterId, y.matterId) ||
        compare(x.holderKey, y.holderKey),
    );
  const inserted = new Set(
    (
      await executePrepared<{ id: string }>(
        tx,
        sql`${insertColumns(
          'votes',
          voteColumns,
          rows.map((r) => [
            r.id,
            r.ballotId,
            r.matterId,
            r.holderKey,
            r.choice,
            r.channel,
            r.credentialId,
            r.receiptHash,
            r.castAt.toISOString(),
          ]),
        )}
      on conflict on constraint votes_one_per_owner_key do nothing returning id`,
      )
    ).map((r) => r.id),
  );

  const undo: string[] = [];
  const changes: { rows: VoteRow[]; now: Date }[] = [];
  const recorded: { c: CredentialRow; vote: CheckedVote; ballot: CastBallot }[] = [];
  for (const { index, vote, c, rows: own } of accepted) {
    const missing = own.filter((r) => !inserted.has(r.id));
    const undoOwn = () => undo.push(...own.filter((r) => inserted.has(r.id)).map((r) => r.id));
    if (missing.length > 0 && !c.allow_change) {
      undoOwn();
      outcomes[index] = {
        ok: false,
        error: refusal('already_voted', { matterIds: missing.map((r) => r.matterId) }),
      };
      continue;
    }
    const changed = missing.length > 0;
    // Checked against the event's contract one by one, so that a vote the event could not carry
    // (a bug) is refused alone instead of failing the batch's event, and so the whole batch.
    const announced = castBallot.safeParse({
      holderKey: c.holder_key,
      matterIds: own.map((r) => r.matterId),
      channel: vote.channel,
      changed,
    });
    if (!announced.success) {
      undoOwn();
      outcomes[index] = { ok: false, error: validationFailedFrom(announced.error) };
      continue;
    }
    if (changed) changes.push({ rows: missing, now: vote.now });
    recorded.push({ c, vote, ballot: announced.data });
    outcomes[index] = {
      ok: true,
      value: { ballotId: c.ballot_id, receipt: vote.receipt, changed, castAt: vote.now },
    };
  }
  if (undo.length > 0) await tx.execute(sql`delete from votes where id = any(${uuids(undo)})`);
  for (const change of changes) await replaceChoices(tx, change.rows, change.now);
  if (recorded.length > 0) {
    await executePrepared(tx, outboxInsert(votesCastEvents(recorded, deps.newId)));
  }
  return outcomes;
}

type CastBallot = EventOf<typeof voteCast>['payload']['votes'][number];

/**
 * The `ballots.vote.cast` events of the ballots one transaction recorded: one per ballot (a batch
 * can hold votes on several), split at {@link maxVotesPerEvent}, at the time of its first vote.
 */
function votesCastEvents(
  recorded: readonly { c: CredentialRow; vote: CheckedVote; ballot: CastBallot }[],
  newId: () => string,
): PreparedEvent[] {
  const byBallot = new Map<string, (typeof recorded)[number][]>();
  for (const r of recorded) {
    const group = byBallot.get(r.c.ballot_id);
    if (group) group.push(r);
    else byBallot.set(r.c.ballot_id, [r]);
  }
  return [...byBallot].flatMap(([ballotId, group]) =>
    chunks(group, maxVotesPerEvent).map((chunk) =>
      prepareEvent(
        voteCast,
        {
          communityId: chunk[0]!.c.community_id,
          aggregateId: ballotId,
          payload: { ballotId, votes: chunk.map((r) => r.ballot) },
        },
        { now: () => chunk[0]!.vote.now, newId },
      ),
    ),
  );
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/**
 * The outbox rows of `events`, as `enqueueAll` of @yishi/bus writes them (same columns), but run
 * as a prepared statement: see {@link executePrepared}.
 */

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Records an owner's ballot from their link in a transaction of its own (see {@link writeVotes};
 * the voting router batches concurrent votes with a VoteBatcher instead): the credential is valid
 * and not revoked, the ballot open, one row per matter (the unique constraint makes a second
 * ballot impossible, also under concurrent requests), the outbox event. Answers a receipt code,
 * kept only as a hash. No shared row is updated.
 */
export async function castVote(
  deps: VoteDeps & Pick<Deps, 'wakeRelay' | 'onVotesChanged'>,
  input: CastVoteInput,
): Promise<VoteReceipt> {
  const vote = await checkVote(deps, input);
  const [outcome] = await deps.db.transaction(async (tx) => {
    const settled = await writeVotes(tx, deps, [vote]);
    // A refusal leaves nothing behind: roll back.
    if (!settled[0]?.ok) throw settled[0]?.error;
    return settled;
  });
  deps.wakeRelay();
  const receipt = (outcome as { ok: true; value: VoteReceipt }).value;
  deps.onVotesChanged?.(receipt.ballotId);
  return receipt;
}

/**
 * Changes existing ballots (where the ballot allows it), keeping each replaced choice in
 * `vote_changes`. The rows are locked first, so two concurrent changes apply one after the other.
 */
export async function replaceChoices(
  tx: BallotsTx,
  rows: readonly (typeof votes.$inferInsert)[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const first = rows[0]!;
  const existing = await tx
    .select()
    .from(votes)
    .where(
      and(
        eq(votes.ballotId, first.ballotId),
        eq(votes.holderKey, first.holderKey),
        inArray(
          votes.matterId,
          rows.map((r) => r.matterId),
        ),
      ),
    )
    .for('update');
  const byMatter = new Map(existing.map((v) => [v.matterId, v]));
  for (const row of rows) {
    const old = byMatter.get(row.matterId);
    if (!old) continue;
    await tx.insert(voteChanges).values({
      ballotId: old.ballotId,
      matterId: old.matterId,
      holderKey: old.holderKey,
      previousChoice: old.choice,
      previousChannel: old.channel,
      previousReceiptHash: old.receiptHash,
      previousCastAt: old.castAt,
      changedAt: now,
    });
    await tx
      .update(votes)
      .set({
        choice: row.choice,
        channel: row.channel,
        credentialId: row.credentialId ?? null,
        receiptHash: row.receiptHash,
        castAt: now,
        enteredBy: row.enteredBy ?? null,
        reference: row.reference ?? null,
        proxyName: row.proxyName ?? null,
      })
      .where(eq(votes.id, old.id));
  }
}
