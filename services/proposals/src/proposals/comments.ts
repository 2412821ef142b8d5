import { enqueue } from '@yishi/bus';
import { commentHidden, decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { forbidden, notFound, preconditionFailed, validationFailed } from '@yishi/errors';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { comments } from '../db/schema/index.ts';
import { authorOf, type Caller, holds, isAuthor, moderatorRoles } from './caller.ts';
import { loadProposal } from './proposals.ts';
import { lockProposal } from './transition.ts';

/**
 * A comment as callers see it. A hidden comment keeps its place and shows its reason; its text
 * is shown only to moderators (and its author), never deleted.
 */
export interface CommentView {
  id: string;
  parentId: string | null;
  authorKind: 'owner' | 'staff';
  mine: boolean;
  body: string | null;
  hidden: { reason: string; at: string } | null;
  createdAt: string;
}

type CommentRow = typeof comments.$inferSelect;

const toView = (row: CommentRow, caller: Caller): CommentView => {
  const mine = isAuthor(caller, row);
  const hidden = row.hiddenAt
    ? { reason: row.hiddenReason ?? '', at: row.hiddenAt.toISOString() }
    : null;
  return {
    id: row.id,
    parentId: row.parentId,
    authorKind: row.authorKind,
    mine,
    body: hidden && !mine && !holds(caller, moderatorRoles) ? null : row.body,
    hidden,
    createdAt: row.createdAt.toISOString(),
  };
};

const closedStatuses = new Set(['draft', 'withdrawn']);

/** Adds a comment, or a reply to a top-level comment of the same proposal. */
export async function addComment(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    body: string;
    parentId?: string | undefined;
  },
): Promise<CommentView> {
  const proposal = await loadProposal(deps, input);
  if (closedStatuses.has(proposal.status)) {
    throw preconditionFailed(
      { zh: '该议题现在不接受评论', en: 'This proposal takes no comments now' },
      { details: { reason: 'not_open', status: proposal.status } },
    );
  }
  if (input.parentId) {
    const [parent] = await deps.db
      .select({ parentId: comments.parentId })
      .from(comments)
      .where(and(eq(comments.id, input.parentId), eq(comments.proposalId, proposal.id)));
    if (!parent) {
      throw validationFailed(
        { zh: '要回复的评论不存在', en: 'The comment replied to does not exist' },
        { details: { reason: 'no_such_parent' } },
      );
    }
    if (parent.parentId !== null) {
      throw validationFailed(
        { zh: '只能回复主评论', en: 'Reply to a top-level comment' },
        { details: { reason: 'nested_reply' } },
      );
    }
  }
  const [row] = await deps.db
    .insert(comments)
    .values({
      id: deps.newId(),
      proposalId: proposal.id,
      parentId: input.parentId ?? null,
      ...authorOf(input.caller),
      body: input.body,
      createdAt: deps.now(),
    })
    .returning();
  return toView(row!, input.caller);
}

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** A page of a proposal's comments and replies, oldest first (replies carry their parent's id). */
export async function listComments(
  deps: Pick<Deps, 'db'>,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<CommentView>> {
  const proposal = await loadProposal(deps, input);
  const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : null;
  const rows = await deps.db
    .select()
    .from(comments)
    .where(
      and(
        eq(comments.proposalId, proposal.id),
        after
          ? or(
              gt(comments.createdAt, new Date(after.at)),
              and(eq(comments.createdAt, new Date(after.at)), gt(comments.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toView(row, input.caller)),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

/**
 * A moderator (committee or Party secretary) hides a comment with a reason. The comment and
 * its text stay; hiding twice keeps the first reason.
 */
export async function hideComment(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    commentId: string;
    reason: string;
  },
): Promise<CommentView> {
  const { caller } = input;
  if (caller.kind !== 'staff' || !holds(caller, moderatorRoles)) {
    throw forbidden({
      zh: '只有业委会或社区党组织可以隐藏评论',
      en: 'Only the committee or the Party secretary can hide comments',
    });
  }
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    await lockProposal(tx, input.communityId, input.proposalId);
    const [current] = await tx
      .select()
      .from(comments)
      .where(and(eq(comments.id, input.commentId), eq(comments.proposalId, input.proposalId)))
      .for('update');
    if (!current) throw notFound({ zh: '未找到该评论', en: 'No such comment' });
    if (current.hiddenAt) return current;
    const [hidden] = await tx
      .update(comments)
      .set({ hiddenAt: at, hiddenReason: input.reason, hiddenBy: caller.staffId })
      .where(eq(comments.id, current.id))
      .returning();
    await enqueue(
      tx,
      commentHidden,
      {
        communityId: input.communityId,
        aggregateId: input.proposalId,
        payload: {
          proposalId: input.proposalId,
          commentId: current.id,
          reason: input.reason,
          hiddenAt: at.toISOString(),
        },
      },
      { now: () => at, newId: deps.newId },
    );
    return hidden!;
  });
  deps.wakeRelay();
  return toView(row, caller);
}
