import { enqueue } from '@yishi/bus';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type ProposalCategory,
  type ProposalStatus,
  proposalSubmitted,
} from '@yishi/contracts';
import { forbidden, preconditionFailed } from '@yishi/errors';
import { and, desc, eq, lt, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import type { ProposalsTx } from '../db/database.ts';
import { communitySettings, proposals } from '../db/schema/index.ts';
import {
  assertCommittee,
  authorOf,
  type Caller,
  committeeRoles,
  holds,
  isAuthor,
} from './caller.ts';
import { thresholdOf } from './threshold.ts';
import { applyCommand, lockProposal, noSuchProposal, type ProposalRow } from './transition.ts';
import { type ProposalView, toView } from './views.ts';

export interface NewProposal {
  title: string;
  description: string;
  category: ProposalCategory;
  item: number | null;
  /** Keep it a draft (to add attachments first); opened for co-signing otherwise. */
  draft: boolean;
}

const notYours = () =>
  forbidden({
    zh: '只有发起人或业委会可以这样做',
    en: 'Only its author or the committee can do this',
  });

/** Opens a draft inside `tx`: fixes its threshold and publishes `submitted`. */
async function open(
  tx: ProposalsTx,
  deps: Pick<Deps, 'newId'>,
  row: ProposalRow,
  at: Date,
  cause: 'owner' | 'staff',
) {
  const threshold = await thresholdOf(tx, row.communityId);
  await tx
    .update(proposals)
    .set({ cosignBase: threshold.base, cosignRequired: threshold.required })
    .where(eq(proposals.id, row.id));
  const opened = await applyCommand(
    tx,
    deps,
    row,
    { type: 'open' },
    { at, cause, refusal: 'throw' },
  );
  await enqueue(
    tx,
    proposalSubmitted,
    {
      communityId: row.communityId,
      aggregateId: row.id,
      payload: {
        proposalId: row.id,
        title: row.title,
        category: row.category as ProposalCategory,
        item: row.item,
        authorKind: row.authorKind,
        openedAt: at.toISOString(),
        cosignBase: threshold.base,
        cosignRequired: threshold.required,
      },
    },
    { now: () => at, newId: deps.newId },
  );
  return { ...opened!, cosignBase: threshold.base, cosignRequired: threshold.required };
}

/** An owner or staff member submits a proposal (a draft, or opened for co-signing at once). */
export async function submitProposal(
  deps: Deps,
  input: { caller: Caller; communityId: string; proposal: NewProposal },
): Promise<ProposalView> {
  const at = deps.now();
  const id = deps.newId();
  const { draft, ...fields } = input.proposal;
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(proposals)
      .values({
        id,
        communityId: input.communityId,
        ...fields,
        status: 'draft',
        ...authorOf(input.caller),
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    if (draft) return created!;
    return open(tx, deps, created!, at, input.caller.kind);
  });
  deps.wakeRelay();
  return toView(row, input.caller, { cosigned: false });
}

/** The author (or the committee) opens a draft for co-signing. */
export async function openProposal(
  deps: Deps,
  input: { caller: Caller; communityId: string; proposalId: string },
): Promise<ProposalView> {
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await lockProposal(tx, input.communityId, input.proposalId);
    if (!isAuthor(input.caller, row) && input.caller.kind === 'owner') throw notYours();
    if (!isAuthor(input.caller, row)) assertCommittee(input.caller);
    return open(tx, deps, row, at, input.caller.kind);
  });
  deps.wakeRelay();
  return toView(row, input.caller, { cosigned: false });
}

/** The author (or the committee) withdraws a proposal before it is on an agenda. */
export async function withdrawProposal(
  deps: Deps,
  input: { caller: Caller; communityId: string; proposalId: string; reason: string },
): Promise<ProposalView> {
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await lockProposal(tx, input.communityId, input.proposalId);
    if (!isAuthor(input.caller, row) && input.caller.kind === 'owner') throw notYours();
    if (!isAuthor(input.caller, row)) assertCommittee(input.caller);
    return applyCommand(
      tx,
      deps,
      row,
      { type: 'withdraw' },
      {
        at,
        cause: input.caller.kind,
        reason: input.reason,
        refusal: 'throw',
      },
    );
  });
  deps.wakeRelay();
  return toView(row!, input.caller, { cosigned: false });
}

/** The committee moves a decided proposal to being implemented, or an implemented one to done. */
export async function advanceImplementation(
  deps: Deps,
  input: {
    caller: Caller;
    communityId: string;
    proposalId: string;
    to: 'being_implemented' | 'done';
  },
): Promise<ProposalView> {
  assertCommittee(input.caller);
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const row = await lockProposal(tx, input.communityId, input.proposalId);
    // A ballot's result may still be re-certified, and its outcome change, until it is published.
    if (
      input.to === 'being_implemented' &&
      row.decisionSource === 'ballot' &&
      row.decisionPublishedAt === null
    ) {
      throw preconditionFailed(
        {
          zh: '表决结果公示后才能开始实施',
          en: 'Implementation starts once the ballot result is published',
        },
        { details: { reason: 'decision_not_published' } },
      );
    }
    const command =
      input.to === 'done'
        ? { type: 'complete' as const }
        : { type: 'start_implementation' as const };
    return applyCommand(tx, deps, row, command, { at, cause: 'staff', refusal: 'throw' });
  });
  deps.wakeRelay();
  return toView(row!, input.caller, { cosigned: false });
}

const cursorSchema = z.object({ at: z.iso.datetime(), id: z.uuid() });

/**
 * A page of the community's proposals, newest first. Drafts are shown only to their author
 * (and the committee).
 */
export async function listProposals(
  deps: Pick<Deps, 'db'>,
  input: {
    caller: Caller;
    communityId: string;
    status?: ProposalStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<ProposalView>> {
  const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : null;
  const rows = await deps.db
    .select()
    .from(proposals)
    .where(
      and(
        eq(proposals.communityId, input.communityId),
        input.status ? eq(proposals.status, input.status) : undefined,
        draftsVisibleTo(input.caller),
        after
          ? or(
              lt(proposals.createdAt, new Date(after.at)),
              and(eq(proposals.createdAt, new Date(after.at)), lt(proposals.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(proposals.createdAt), desc(proposals.id))
    .limit(input.limit + 1);
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toView(row, input.caller, { cosigned: null })),
    nextCursor:
      more && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

const visibleDraft = (caller: Caller, row: ProposalRow) =>
  isAuthor(caller, row) || holds(caller, committeeRoles);

/** Drafts are their author's (and the committee's) until opened. */
function draftsVisibleTo(caller: Caller) {
  if (holds(caller, committeeRoles)) return undefined;
  return or(
    ne(proposals.status, 'draft'),
    caller.kind === 'owner'
      ? eq(proposals.authorHolderKey, caller.holderKey)
      : eq(proposals.authorStaffId, caller.staffId),
  );
}

/** One proposal with its co-signing progress (a draft only for its author and the committee). */
export async function loadProposal(
  deps: Pick<Deps, 'db'>,
  input: { communityId: string; proposalId: string; caller: Caller },
): Promise<ProposalRow> {
  const [row] = await deps.db
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, input.proposalId), eq(proposals.communityId, input.communityId)));
  if (!row || (row.status === 'draft' && !visibleDraft(input.caller, row))) throw noSuchProposal();
  return row;
}

/** The committee sets the community's co-signing threshold (in percent of the owner keys). */
export async function setThreshold(
  deps: Deps,
  input: { caller: Caller; communityId: string; percent: number },
) {
  assertCommittee(input.caller);
  const bp = Math.round(input.percent * 100);
  const values = { cosignThresholdBp: bp, updatedAt: deps.now() };
  await deps.db
    .insert(communitySettings)
    .values({ communityId: input.communityId, ...values })
    .onConflictDoUpdate({ target: communitySettings.communityId, set: values });
  return thresholdOf(deps.db, input.communityId);
}
