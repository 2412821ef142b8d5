import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { decodeCursor, encodeCursor } from '@yishi/contracts';
import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { ballotMatters, ballots } from '../db/schema/index.ts';
import { loadBallot, loadMatters } from './load.ts';
import { ballotView } from './views.ts';

const cursorSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** A community's ballots, newest first, by keyset pages. */
export async function listBallots(
  deps: Deps,
  query: { staff: StaffClaims; communityId: string; cursor?: string | undefined; limit: number },
) {
  assertCommunityAccess(query.staff, query.communityId);
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : undefined;
  const rows = await deps.db
    .select()
    .from(ballots)
    .where(
      and(
        eq(ballots.communityId, query.communityId),
        after
          ? or(
              lt(ballots.createdAt, new Date(after.createdAt)),
              and(eq(ballots.createdAt, new Date(after.createdAt)), lt(ballots.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(ballots.createdAt), desc(ballots.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const matters = page.length
    ? await deps.db
        .select()
        .from(ballotMatters)
        .where(
          inArray(
            ballotMatters.ballotId,
            page.map((r) => r.id),
          ),
        )
    : [];
  const last = page.at(-1);
  return {
    items: page.map((row) =>
      ballotView(
        row,
        matters.filter((m) => m.ballotId === row.id),
      ),
    ),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

export async function getBallot(
  deps: Deps,
  { staff, communityId, ballotId }: { staff: StaffClaims; communityId: string; ballotId: string },
) {
  assertCommunityAccess(staff, communityId);
  const row = await loadBallot(deps.db, { communityId, ballotId });
  return ballotView(row, await loadMatters(deps.db, ballotId));
}
