import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, reminderRounds, votesCast, votingLinks } from '../db/schema/index.ts';
import { communityName } from './community-name.ts';
import { planDeliveries } from './plan.ts';

type Ballot = typeof ballots.$inferSelect;

/**
 * Sends one reminder round of a ballot to the owner keys that have not voted, once: the round's
 * row is the lock (`(ballot_id, round)` is unique, so two replicas cannot both send it). Whether
 * an owner voted is checked again when each message is sent.
 */
export async function sendReminderRound(
  deps: Deps,
  args: { ballot: Ballot; round: string; urgent: boolean },
): Promise<{ sent: boolean; recipients: number }> {
  const now = deps.now();
  const { ballot } = args;
  return deps.db.transaction(async (tx) => {
    const sourceId = deps.newId();
    const holders = await notVoted(tx, ballot.ballotId);
    const [round] = await tx
      .insert(reminderRounds)
      .values({
        ballotId: ballot.ballotId,
        round: args.round,
        sourceId,
        recipients: holders.length,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!round) return { sent: false, recipients: 0 };
    const community = await communityName(tx, ballot.communityId);
    const linkOf = new Map(holders.map((h) => [h.holderKey, h.linkUrl]));
    const hoursLeft = String(
      Math.max(1, Math.round((ballot.closesAt.getTime() - now.getTime()) / 3_600_000)),
    );
    await planDeliveries(
      tx,
      deps,
      {
        sourceId,
        communityId: ballot.communityId,
        ballotId: ballot.ballotId,
        kind: 'reminder',
        urgent: args.urgent,
        to: 'voter',
        letters: false,
        params: (h) => ({
          ...(community ? { community } : {}),
          link: linkOf.get(h.holderKey) ?? '',
          closesAt: ballot.closesAt.toISOString(),
          hoursLeft,
        }),
      },
      holders,
    );
    return { sent: true, recipients: holders.length };
  });
}

function notVoted(tx: NotificationsTx, ballotId: string) {
  return tx
    .select({
      holderKey: votingLinks.holderKey,
      voterId: votingLinks.voterId,
      memberIds: votingLinks.memberIds,
      linkUrl: votingLinks.linkUrl,
    })
    .from(votingLinks)
    .leftJoin(
      votesCast,
      and(
        eq(votesCast.ballotId, votingLinks.ballotId),
        eq(votesCast.holderKey, votingLinks.holderKey),
      ),
    )
    .where(and(eq(votingLinks.ballotId, ballotId), isNull(votesCast.holderKey)));
}

/**
 * The automatic rounds that are due: for each offset (72 h, 24 h before the close) whose time has
 * come while the ballot is open. When several are due at once (the service was down, or the
 * ballot opened late), only the one nearest the close is sent; the others are recorded as passed.
 * An extension moves the close, so it brings new rounds (the round's name carries the close).
 */
export async function runDueReminders(
  deps: Deps,
): Promise<{ ballotId: string; round: string; recipients: number }[]> {
  const now = deps.now();
  const open = await deps.db
    .select()
    .from(ballots)
    .where(and(inArray(ballots.status, ['open', 'extended']), gt(ballots.closesAt, now)));
  const rounds: { ballotId: string; round: string; recipients: number }[] = [];
  for (const ballot of open) {
    const due = [...deps.config.reminderHoursBeforeClose]
      .sort((a, b) => b - a)
      .map((hours) => ({ hours, at: ballot.closesAt.getTime() - hours * 3_600_000 }))
      .filter((r) => r.at <= now.getTime() && r.at >= ballot.opensAt.getTime());
    if (due.length === 0) continue;
    const name = (hours: number) => `auto:${hours}h:${ballot.closesAt.toISOString()}`;
    const latest = due[due.length - 1]!;
    const done = await deps.db
      .select({ round: reminderRounds.round })
      .from(reminderRounds)
      .where(
        and(
          eq(reminderRounds.ballotId, ballot.ballotId),
          inArray(
            reminderRounds.round,
            due.map((r) => name(r.hours)),
          ),
        ),
      );
    const doneNames = new Set(done.map((d) => d.round));
    if (doneNames.has(name(latest.hours))) continue;
    const result = await sendReminderRound(deps, {
      ballot,
      round: name(latest.hours),
      urgent: false,
    });
    if (result.sent) {
      rounds.push({
        ballotId: ballot.ballotId,
        round: name(latest.hours),
        recipients: result.recipients,
      });
    }
    // Earlier offsets that were skipped over are passed, not sent late.
    for (const r of due.slice(0, -1)) {
      if (doneNames.has(name(r.hours))) continue;
      await deps.db
        .insert(reminderRounds)
        .values({
          ballotId: ballot.ballotId,
          round: name(r.hours),
          sourceId: deps.newId(),
          recipients: 0,
          createdAt: now,
        })
        .onConflictDoNothing();
    }
  }
  return rounds;
}

/** Runs {@link runDueReminders} every `intervalMs` until stopped. */
export function startReminderScheduler(deps: Deps, intervalMs: number) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runDueReminders(deps).catch((err: unknown) =>
      deps.logger.error(
        { err: err instanceof Error ? err.message : String(err) },
        'reminder round failed',
      ),
    );
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** The committee sends a reminder by hand (`POST …/reminders`), to those who have not voted. */
export async function triggerReminder(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string; urgent: boolean },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const [ballot] = await deps.db
    .select()
    .from(ballots)
    .where(and(eq(ballots.ballotId, args.ballotId), eq(ballots.communityId, args.communityId)));
  if (!ballot) {
    throw notFound({
      zh: '没有这项表决的通知记录',
      en: 'No such ballot is known to notifications',
    });
  }
  if (!['open', 'extended'].includes(ballot.status) || ballot.closesAt <= deps.now()) {
    throw preconditionFailed(
      { zh: '只有进行中的表决可以发送提醒', en: 'Reminders go out only while a ballot is open' },
      { details: { reason: 'ballot_not_open', status: ballot.status } },
    );
  }
  const round = `manual:${deps.newId()}`;
  const result = await sendReminderRound(deps, { ballot, round, urgent: args.urgent });
  return { round, recipients: result.recipients };
}
