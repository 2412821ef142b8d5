import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { loadBallot } from '../ballots/load.ts';
import type { Deps } from '../context.ts';
import { electorateUnits, voteConflicts, votes } from '../db/schema/index.ts';

/** A paper or proxy sheet that met an owner's existing ballot, as the committee reviews it. */
export interface ConflictView {
  conflictId: string;
  status: 'open' | 'resolved';
  /** The owner's units in the ballot, as people read them: `3-1-502`. */
  units: string[];
  /** The sheet: its channel, reference, who entered it and when it was collected. */
  sheet: {
    channel: 'paper' | 'proxy';
    reference: string;
    proxyName: string | null;
    enteredBy: string;
    enteredAt: string;
    collectedAt: string | null;
  };
  /** How the owner's ballot stands now (the existing one, or the sheet once applied). */
  existing: { channel: string; castAt: string } | null;
  createdAt: string;
  resolution: { keep: 'existing' | 'paper'; reason: string; by: string; at: string } | null;
}

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/**
 * A ballot's paper conflicts, oldest first (the order they were met): open ones by default, for
 * the committee to resolve before publication (which waits for every one of them).
 */
export async function listConflicts(
  deps: Pick<Deps, 'db'>,
  query: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    status: 'open' | 'resolved' | 'all';
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<ConflictView>> {
  assertCommunityAccess(query.staff, query.communityId);
  const ballot = await loadBallot(deps.db, query);
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : undefined;
  const rows = await deps.db
    .select()
    .from(voteConflicts)
    .where(
      and(
        eq(voteConflicts.ballotId, ballot.id),
        query.status === 'all' ? undefined : eq(voteConflicts.status, query.status),
        after
          ? or(
              gt(voteConflicts.createdAt, new Date(after.createdAt)),
              and(
                eq(voteConflicts.createdAt, new Date(after.createdAt)),
                gt(voteConflicts.id, after.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(asc(voteConflicts.createdAt), asc(voteConflicts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const holders = [...new Set(page.map((r) => r.holderKey))];
  const [units, cast] = holders.length
    ? await Promise.all([
        deps.db
          .select({
            holderKey: electorateUnits.holderKey,
            building: electorateUnits.building,
            entrance: electorateUnits.entrance,
            room: electorateUnits.room,
          })
          .from(electorateUnits)
          .where(
            and(
              eq(electorateUnits.ballotId, ballot.id),
              inArray(electorateUnits.holderKey, holders),
            ),
          ),
        deps.db
          .select({ holderKey: votes.holderKey, channel: votes.channel, castAt: votes.castAt })
          .from(votes)
          .where(and(eq(votes.ballotId, ballot.id), inArray(votes.holderKey, holders))),
      ])
    : [[], []];
  const label = (u: { building: string; entrance: string; room: string }) =>
    [u.building, u.entrance, u.room].filter(Boolean).join('-');
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const existing = cast.find((v) => v.holderKey === r.holderKey);
      return {
        conflictId: r.id,
        status: r.status,
        units: units
          .filter((u) => u.holderKey === r.holderKey)
          .map(label)
          .sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true })),
        sheet: {
          channel: r.submission.channel,
          reference: r.submission.reference,
          proxyName: r.submission.proxyName,
          enteredBy: r.submission.enteredBy,
          enteredAt: r.submission.enteredAt,
          collectedAt: r.submission.collectedAt ?? null,
        },
        existing: existing
          ? { channel: existing.channel, castAt: existing.castAt.toISOString() }
          : null,
        createdAt: r.createdAt.toISOString(),
        resolution:
          r.status === 'resolved' && r.keep && r.resolvedAt
            ? {
                keep: r.keep,
                reason: r.reason ?? '',
                by: r.resolvedBy ?? '',
                at: r.resolvedAt.toISOString(),
              }
            : null,
      };
    }),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}
