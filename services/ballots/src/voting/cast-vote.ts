import { enqueue } from '@yishi/bus';
import { voteCast } from '@yishi/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { lifecycleLock } from '../ballots/load.ts';
import type { Deps } from '../context.ts';
import type { BallotsTx } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { type VoteChannel, type VoteChoice, voteChanges, votes } from '../db/schema/index.ts';
import { newReceiptCode, receiptHash, verifyLinkToken } from './link-token.ts';
import type { MattersCache } from './matters-cache.ts';
import { refusal } from './refusals.ts';
import { checkSecondFactor } from './second-factor.ts';

export interface Choices {
  choices: { matterId: string; choice: VoteChoice }[];
}

/** What the vote path reads in one statement, taking the ballot's lifecycle lock shared. */
async function readCredential(tx: BallotsTx, credentialId: string) {
  const rows = rowsOf<{
    ballot_id: string;
    community_id: string;
    holder_key: string;
    revoked: boolean;
    status: string;
    opens_at: string | Date;
    closes_at: string | Date;
    allow_change: boolean;
    second_factor: string;
  }>(
    await tx.execute(sql`
    select c.ballot_id, b.community_id, c.holder_key, c.revoked_at is not null as revoked,
           b.status, b.opens_at, b.closes_at, b.allow_change, b.second_factor,
           ${lifecycleLock(sql`c.ballot_id`, 'shared')} as locked
    from credentials c join ballots b on b.id = c.ballot_id
    where c.id = ${credentialId}::uuid`),
  );
  return rows[0];
}

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
 * Records an owner's ballot from their link, in one transaction: the credential is valid and not
 * revoked, the ballot open, one row per matter (the unique constraint makes a second ballot
 * impossible, also under concurrent requests), the outbox event. Answers a receipt code, kept
 * only as a hash. No shared row is updated.
 */
export async function castVote(
  deps: Deps & { matters: MattersCache },
  input: Choices & { token: string; secondFactor?: string | undefined; channel?: VoteChannel },
): Promise<{ receipt: string; changed: boolean; castAt: Date }> {
  const credentialId = verifyLinkToken(deps.links, input.token);
  if (!credentialId) throw refusal('link_invalid');
  const seen = new Set<string>();
  for (const c of input.choices) {
    if (seen.has(c.matterId))
      throw refusal('unknown_matter', { matterId: c.matterId, duplicate: true });
    seen.add(c.matterId);
  }
  // Checked (and throttled) before the vote transaction, so failures are recorded even though
  // the vote itself is refused.
  if (input.secondFactor !== undefined)
    await checkSecondFactor(deps, credentialId, input.secondFactor);

  const now = deps.now();
  const code = newReceiptCode();
  const hash = receiptHash(code);
  const result = await deps.db.transaction(async (tx) => {
    const c = await readCredential(tx, credentialId);
    if (!c) throw refusal('link_invalid');
    if (c.revoked) throw refusal('credential_revoked');
    if (!isVotingOpen(c, now)) throw refusal('ballot_not_open', { status: c.status });
    if (c.second_factor !== 'none' && input.secondFactor === undefined) {
      throw refusal('second_factor_required', { secondFactor: c.second_factor });
    }
    const known = await deps.matters.get(tx, c.ballot_id);
    const unknown = input.choices.find((choice) => !known.has(choice.matterId));
    if (unknown) throw refusal('unknown_matter', { matterId: unknown.matterId });

    const rows = input.choices.map((choice) => ({
      id: deps.newId(),
      ballotId: c.ballot_id,
      matterId: choice.matterId,
      holderKey: c.holder_key,
      choice: choice.choice,
      channel: input.channel ?? 'web',
      credentialId,
      receiptHash: hash,
      castAt: now,
    }));
    const inserted = await tx
      .insert(votes)
      .values(rows)
      .onConflictDoNothing()
      .returning({ matterId: votes.matterId });
    let changed = false;
    if (inserted.length < rows.length) {
      if (!c.allow_change) {
        const done = new Set(inserted.map((r) => r.matterId));
        throw refusal('already_voted', {
          matterIds: rows.filter((r) => !done.has(r.matterId)).map((r) => r.matterId),
        });
      }
      const insertedIds = new Set(inserted.map((r) => r.matterId));
      await replaceChoices(
        tx,
        rows.filter((r) => !insertedIds.has(r.matterId)),
        now,
      );
      changed = true;
    }
    await enqueue(
      tx,
      voteCast,
      {
        communityId: c.community_id,
        aggregateId: c.ballot_id,
        payload: {
          ballotId: c.ballot_id,
          matterIds: rows.map((r) => r.matterId),
          holderKey: c.holder_key,
          channel: input.channel ?? 'web',
          changed,
        },
      },
      deps,
    );
    return { changed };
  });
  deps.wakeRelay();
  return { receipt: code, changed: result.changed, castAt: now };
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
