import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { enqueueAll, type PreparedEvent, prepareEvent } from '@yishi/bus';
import {
  ballotCancelled,
  ballotClosed,
  ballotExtended,
  ballotOpened,
  type EventContract,
  resultCertified,
  resultPublished,
} from '@yishi/contracts';
import { ballot } from '@yishi/domain';
import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { type Actor, actorName, type Deps } from '../context.ts';
import type { BallotsTx } from '../db/database.ts';
import { ballots } from '../db/schema/index.ts';
import { attachmentsOf } from './attachments.ts';
import { certify, latestCertification, openConflicts } from './certify.ts';
import { credentialIssuedEvents } from './credential-events.ts';
import { snapshotElectorate } from './electorate.ts';
import { loadBallot, loadMatters } from './load.ts';
import { columnsOf, stateOf } from './state.ts';
import { ballotView } from './views.ts';

/** A lifecycle command without its clock; `now` is read from deps. */
export type LifecycleCommand =
  | { type: 'open' }
  | { type: 'extend'; closesAt: Date; reason: string }
  | { type: 'close' }
  | { type: 'publish'; from: Date; until: Date }
  | { type: 'cancel'; reason: string };

const refusalMessages: Record<ballot.BallotErrorCode, { zh: string; en: string }> = {
  invalid_transition: {
    zh: '表决当前状态不允许此操作',
    en: 'The ballot’s state does not allow this',
  },
  window_invalid: { zh: '时间设置无效', en: 'The dates are not valid for this' },
  too_early: {
    zh: '表决期尚未结束，不能提前截止',
    en: 'Voting has not ended yet; it cannot close early',
  },
  too_late: {
    zh: '表决期已结束，请截止并公示结果',
    en: 'Voting has ended; close it and publish the result',
  },
  reason_required: { zh: '请说明理由', en: 'Give a reason' },
  extension_limit_exceeded: { zh: '超出延期上限', en: 'Beyond the extension limit' },
  publication_too_short: { zh: '公示期不足15日', en: 'The publication must last at least 15 days' },
};

/** The domain's refusal, as a 409 carrying its code and its sentence. */
function refused(error: ballot.BallotError) {
  return preconditionFailed(refusalMessages[error.code], {
    details: {
      reason: error.code,
      state: error.state,
      command: error.command,
      detail: error.message,
    },
    cause: error,
  });
}

/**
 * Runs a lifecycle command through the domain's `ballot.decide` and stores what follows from it:
 * the snapshot and credentials at opening, the certified result at the close. One transaction
 * that holds the ballot's exclusive lifecycle lock.
 */
export async function runLifecycle(
  deps: Deps,
  args: { actor: Actor; communityId: string; ballotId: string; command: LifecycleCommand },
) {
  const now = deps.now();
  const view = await deps.db.transaction(async (tx) => {
    const row = await loadBallot(tx, args, 'exclusive');
    const state = stateOf(row);
    const command = toDomain(args.command, row, now);
    let events: ballot.BallotEvent[];
    try {
      events = ballot.decide(state, command);
    } catch (error) {
      if (error instanceof ballot.BallotError) throw refused(error);
      throw error;
    }
    const next = events.reduce(ballot.evolve, state);
    const outbox: PreparedEvent[] = [];
    const patch: Partial<typeof ballots.$inferInsert> = { ...columnsOf(next), updatedAt: now };
    const actor = actorName(args.actor);
    const audit = (action: Parameters<typeof appendAudit>[1]['action'], details: object) =>
      appendAudit(tx, { ballotId: row.id, at: now, actor, action, details });
    const event = <T extends string, V extends number, P extends z.ZodObject>(
      contract: EventContract<T, V, P>,
      payload: z.input<P>,
    ) => {
      const input = { communityId: row.communityId, aggregateId: row.id, payload };
      outbox.push(prepareEvent(contract, input, deps));
    };

    for (const e of events) {
      switch (e.type) {
        case 'BallotOpened': {
          const snapshot = await snapshotElectorate(tx, row, now);
          patch.snapshotHash = snapshot.snapshotHash;
          const matters = await loadMatters(tx, row.id);
          // What owners will read is fixed with what they vote on: the chain covers each file's hash.
          const attachments = (await attachmentsOf(tx, row.id)).map(
            ({ createdAt: _, ...file }) => file,
          );
          await audit('ballot.opened', {
            ...snapshot,
            opensAt: e.opensAt,
            closesAt: e.closesAt,
            attachments,
          });
          event(ballotOpened, {
            ballotId: row.id,
            matterIds: matters.map((m) => m.id),
            opensAt: e.opensAt.toISOString(),
            closesAt: e.closesAt.toISOString(),
            ...snapshot,
          });
          // One event per owner key with its personal link, for notifications to send.
          outbox.push(
            ...(await credentialIssuedEvents(tx, deps, {
              id: row.id,
              communityId: row.communityId,
              opensAt: e.opensAt,
              closesAt: e.closesAt,
            })),
          );
          break;
        }
        case 'BallotExtended':
          await audit('ballot.extended', e);
          event(ballotExtended, {
            ballotId: row.id,
            previousClosesAt: e.previousClosesAt.toISOString(),
            closesAt: e.closesAt.toISOString(),
            reason: e.reason,
          });
          break;
        case 'BallotClosed': {
          const c = await certify(tx, row, { at: now, actor, cause: 'close' });
          patch.voteDigest = c.digest;
          // A paper ballot still in conflict at the close is not counted: the certified result
          // says so, and publication waits until a person resolved it.
          await audit('ballot.closed', {
            closedAt: e.at,
            voteDigest: c.digest,
            certification: c.version,
            results: c.summary,
            unresolvedConflicts: c.unresolvedConflicts,
          });
          event(ballotClosed, {
            ballotId: row.id,
            closedAt: e.at.toISOString(),
            voteDigest: c.digest,
          });
          event(resultCertified, {
            ballotId: row.id,
            snapshotHash: row.snapshotHash ?? '',
            voteDigest: c.digest,
            certification: c.version,
            matters: c.summary,
          });
          break;
        }
        case 'BallotPublished': {
          // Publication shows the latest certification, and only once every conflict is resolved.
          const conflicts = await openConflicts(tx, row.id);
          if (conflicts > 0) {
            throw preconditionFailed(
              {
                zh: `还有${conflicts}张纸质票冲突未处理，处理后才能公示`,
                en: `${conflicts} paper-ballot conflicts are unresolved; resolve them before publishing`,
              },
              { details: { reason: 'conflicts_unresolved', conflicts } },
            );
          }
          const latest = await latestCertification(tx, row.id);
          await audit('ballot.published', {
            ...e,
            certification: latest?.version ?? null,
            voteDigest: latest?.voteDigest ?? row.voteDigest,
          });
          event(resultPublished, {
            ballotId: row.id,
            from: e.from.toISOString(),
            until: e.until.toISOString(),
          });
          break;
        }
        case 'BallotCancelled':
          await audit('ballot.cancelled', { reason: e.reason });
          event(ballotCancelled, { ballotId: row.id, reason: e.reason });
          break;
      }
    }
    const [updated] = await tx.update(ballots).set(patch).where(eq(ballots.id, row.id)).returning();
    await enqueueAll(tx, outbox);
    const warnings = events.flatMap((e) => (e.type === 'BallotPublished' ? e.warnings : []));
    return {
      ...ballotView(updated!, await loadMatters(tx, row.id)),
      publicationWarnings: warnings,
    };
  });
  deps.wakeRelay();
  return view;
}

function toDomain(
  command: LifecycleCommand,
  row: typeof ballots.$inferSelect,
  now: Date,
): ballot.BallotCommand {
  switch (command.type) {
    case 'open':
      return {
        type: 'open',
        now,
        opensAt: row.opensAt,
        closesAt: row.closesAt,
        ...(row.maxExtensionMonths === null ? {} : { maxExtensionMonths: row.maxExtensionMonths }),
      };
    case 'close':
      return { type: 'close', now };
    default:
      return { ...command, now };
  }
}

/** The staff-facing entry: community access first, then the command. */
export function runStaffLifecycle(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string; command: LifecycleCommand },
) {
  assertCommunityAccess(args.staff, args.communityId);
  return runLifecycle(deps, { ...args, actor: { staffId: args.staff.sub } });
}

export type { BallotsTx };
