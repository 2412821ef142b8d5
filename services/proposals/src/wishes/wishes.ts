import { enqueue } from '@yishi/bus';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  wishClaimed,
  wishFulfilled,
  wishSubmitted,
} from '@yishi/contracts';
import { forbidden, notFound, preconditionFailed } from '@yishi/errors';
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { wishes } from '../db/schema/index.ts';
import { authorOf, type Caller, isAuthor } from '../proposals/caller.ts';

export type WishStatus = 'open' | 'claimed' | 'fulfilled';
export type ClaimantKind = 'volunteer' | 'party_member' | 'partner_unit';

/** A wish on the wall: the claimant by the name they gave, the author never named. */
export interface WishView {
  id: string;
  title: string;
  description: string;
  status: WishStatus;
  mine: boolean;
  claimant: { kind: ClaimantKind; name: string; claimedAt: string } | null;
  fulfilledAt: string | null;
  fulfilmentNote: string | null;
  createdAt: string;
}

export type WishRow = typeof wishes.$inferSelect;

const toView = (row: WishRow, caller: Caller): WishView => ({
  id: row.id,
  title: row.title,
  description: row.description,
  status: row.status,
  mine: isAuthor(caller, row),
  claimant:
    row.claimantKind && row.claimantName && row.claimedAt
      ? { kind: row.claimantKind, name: row.claimantName, claimedAt: row.claimedAt.toISOString() }
      : null,
  fulfilledAt: row.fulfilledAt?.toISOString() ?? null,
  fulfilmentNote: row.fulfilmentNote,
  createdAt: row.createdAt.toISOString(),
});

const noSuchWish = () => notFound({ zh: '未找到该心愿', en: 'No such wish' });

/** A resident (owner link) or staff member (on a resident's behalf) posts a micro-wish. */
export async function postWish(
  deps: Deps,
  input: { caller: Caller; communityId: string; title: string; description: string },
): Promise<WishView> {
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(wishes)
      .values({
        id: deps.newId(),
        communityId: input.communityId,
        title: input.title,
        description: input.description,
        status: 'open',
        ...authorOf(input.caller),
        createdAt: at,
      })
      .returning();
    await enqueue(
      tx,
      wishSubmitted,
      {
        communityId: input.communityId,
        aggregateId: row!.id,
        payload: { wishId: row!.id, title: row!.title, submittedAt: at.toISOString() },
      },
      { now: () => at, newId: deps.newId },
    );
    return row!;
  });
  deps.wakeRelay();
  return toView(row, input.caller);
}

async function lockWish(
  tx: Parameters<Parameters<Deps['db']['transaction']>[0]>[0],
  communityId: string,
  wishId: string,
) {
  const [row] = await tx
    .select()
    .from(wishes)
    .where(and(eq(wishes.id, wishId), eq(wishes.communityId, communityId)))
    .for('update');
  if (!row) throw noSuchWish();
  return row;
}

/**
 * A volunteer, Party member or partner unit claims an open wish: an owner claims it for
 * themself as a volunteer; staff record a claim for anyone. The first claim wins.
 */
export async function claimWish(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    wishId: string;
    claimantKind: ClaimantKind;
    claimantName: string;
  },
): Promise<WishView> {
  if (input.caller.kind === 'owner' && input.claimantKind !== 'volunteer') {
    throw forbidden({
      zh: '党员和共建单位的认领由社区工作人员登记',
      en: 'Claims by Party members and partner units are recorded by staff',
    });
  }
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const wish = await lockWish(tx, input.communityId, input.wishId);
    if (wish.status !== 'open') {
      throw preconditionFailed(
        { zh: '该心愿已被认领', en: 'This wish was already claimed' },
        { details: { reason: 'not_open', status: wish.status } },
      );
    }
    const [row] = await tx
      .update(wishes)
      .set({
        status: 'claimed',
        claimantKind: input.claimantKind,
        claimantName: input.claimantName,
        claimedAt: at,
      })
      .where(eq(wishes.id, wish.id))
      .returning();
    await enqueue(
      tx,
      wishClaimed,
      {
        communityId: input.communityId,
        aggregateId: wish.id,
        payload: { wishId: wish.id, claimantKind: input.claimantKind, claimedAt: at.toISOString() },
      },
      { now: () => at, newId: deps.newId },
    );
    return row!;
  });
  deps.wakeRelay();
  return toView(row, input.caller);
}

/** The wish's author or staff mark a claimed wish fulfilled (心愿已圆). */
export async function fulfilWish(
  deps: Deps,
  input: { caller: Caller; communityId: string; wishId: string; note: string | undefined },
): Promise<WishView> {
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const wish = await lockWish(tx, input.communityId, input.wishId);
    if (input.caller.kind === 'owner' && !isAuthor(input.caller, wish)) {
      throw forbidden({
        zh: '只有许愿人或社区工作人员可以确认心愿已完成',
        en: 'Only whoever made the wish or staff can mark it fulfilled',
      });
    }
    if (wish.status !== 'claimed') {
      throw preconditionFailed(
        { zh: '只有已认领的心愿可以标记完成', en: 'Only a claimed wish can be marked fulfilled' },
        { details: { reason: 'not_claimed', status: wish.status } },
      );
    }
    const [row] = await tx
      .update(wishes)
      .set({ status: 'fulfilled', fulfilledAt: at, fulfilmentNote: input.note ?? null })
      .where(eq(wishes.id, wish.id))
      .returning();
    await enqueue(
      tx,
      wishFulfilled,
      {
        communityId: input.communityId,
        aggregateId: wish.id,
        payload: {
          wishId: wish.id,
          claimantKind: wish.claimantKind!,
          fulfilledAt: at.toISOString(),
        },
      },
      { now: () => at, newId: deps.newId },
    );
    return row!;
  });
  deps.wakeRelay();
  return toView(row, input.caller);
}

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.uuid() });

export interface WallQuery {
  communityId: string;
  status?: WishStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The wall: counts by status and a page of wishes, newest first. */
export async function wishWall(
  deps: Pick<Deps, 'db'>,
  input: WallQuery & { caller: Caller },
): Promise<Page<WishView> & { counts: Record<WishStatus | 'total', number> }> {
  const wall = await wallRows(deps, input);
  return { ...wall, items: wall.items.map((row) => toView(row, input.caller)) };
}

/** The rows of a page of the wall, with the counts by status (for the views to map). */
export async function wallRows(
  deps: Pick<Deps, 'db'>,
  input: WallQuery,
): Promise<Page<WishRow> & { counts: Record<WishStatus | 'total', number> }> {
  const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : null;
  const [rows, countRows] = await Promise.all([
    deps.db
      .select()
      .from(wishes)
      .where(
        and(
          eq(wishes.communityId, input.communityId),
          input.status ? eq(wishes.status, input.status) : undefined,
          after
            ? or(
                lt(wishes.createdAt, new Date(after.at)),
                and(eq(wishes.createdAt, new Date(after.at)), lt(wishes.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(wishes.createdAt), desc(wishes.id))
      .limit(input.limit + 1),
    deps.db
      .select({ status: wishes.status, n: sql<number>`count(*)::int` })
      .from(wishes)
      .where(eq(wishes.communityId, input.communityId))
      .groupBy(wishes.status),
  ]);
  const counts = { open: 0, claimed: 0, fulfilled: 0, total: 0 };
  for (const { status, n } of countRows) {
    counts[status] = n;
    counts.total += n;
  }
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    counts,
    items: page,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}
