import { createHash } from 'node:crypto';
import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { decodeCursor, encodeCursor } from '@yishi/contracts';
import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { actorName, type Deps } from '../context.ts';
import { electorateUnits, type ServiceMethod, servedNotices } from '../db/schema/index.ts';
import { refusal } from '../voting/refusals.ts';
import { recertify } from './certify.ts';
import { loadBallot } from './load.ts';

export interface ServedNoticeInput {
  holderKey?: string | undefined;
  unit?: { building: string; entrance: string; room: string } | undefined;
  method: ServiceMethod;
  servedAt: Date;
  reference: string;
}

const unitKey = (u: { building: string; entrance: string; room: string }) =>
  JSON.stringify([u.building, u.entrance, u.room]);

/**
 * Records that a ballot's notice was served (送达) on owners, one or many at once, all or nothing:
 * every notice must name an owner key (or a unit) of the electorate and have been served before
 * the close. Recording the same proof again changes nothing. Under `deemed: majority` (从众) only
 * owners with a served notice are deemed; after the close, and until publication, new proofs
 * certify the result again.
 */
export async function recordServedNotices(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    notices: readonly ServedNoticeInput[];
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const now = deps.now();
  const actor = actorName({ staffId: args.staff.sub });
  const outcome = await deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    if (ballot.status === 'published') throw refusal('result_published');
    if (!['open', 'extended', 'closed'].includes(ballot.status)) {
      throw refusal('ballot_not_open', { status: ballot.status });
    }
    const units = await tx
      .select({
        holderKey: electorateUnits.holderKey,
        building: electorateUnits.building,
        entrance: electorateUnits.entrance,
        room: electorateUnits.room,
      })
      .from(electorateUnits)
      .where(eq(electorateUnits.ballotId, ballot.id));
    const holders = new Set(units.map((u) => u.holderKey));
    const byUnit = new Map(units.map((u) => [unitKey(u), u.holderKey]));
    const rows = args.notices.map((n, index) => {
      const holderKey = n.holderKey ?? (n.unit ? byUnit.get(unitKey(n.unit)) : undefined);
      if (!holderKey || !holders.has(holderKey)) throw refusal('not_in_scope', { index });
      if (n.servedAt > now || n.servedAt > ballot.closesAt) {
        throw refusal('served_outside_window', {
          index,
          servedAt: n.servedAt.toISOString(),
          closesAt: ballot.closesAt.toISOString(),
        });
      }
      return {
        id: deps.newId(),
        ballotId: ballot.id,
        holderKey,
        method: n.method,
        servedAt: n.servedAt,
        reference: n.reference,
        recordedBy: actor,
        recordedAt: now,
      };
    });
    const inserted = await tx
      .insert(servedNotices)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: servedNotices.id });
    const recordedIds = new Set(inserted.map((r) => r.id));
    const recorded = rows.filter((r) => recordedIds.has(r.id));
    if (recorded.length === 0) {
      return { recorded: 0, unchanged: rows.length, certification: null };
    }
    // The chain keeps what identifies the proofs (a digest) rather than every reference.
    const digest = createHash('sha256')
      .update(
        recorded
          .map((r) =>
            JSON.stringify([r.holderKey, r.method, r.servedAt.toISOString(), r.reference]),
          )
          .sort()
          .join('\n'),
      )
      .digest('hex');
    const methods: Record<string, number> = {};
    for (const r of recorded) methods[r.method] = (methods[r.method] ?? 0) + 1;
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor,
      action: 'notices.served',
      details: {
        recorded: recorded.length,
        owners: new Set(recorded.map((r) => r.holderKey)).size,
        methods,
        digest,
      },
    });
    const certification =
      ballot.status === 'closed' && ballot.policy.deemed === 'majority'
        ? await recertify(tx, deps, ballot, {
            at: now,
            actor,
            cause: 'served_notices',
            act: { recorded: recorded.length, digest },
          })
        : null;
    return {
      recorded: recorded.length,
      unchanged: rows.length - recorded.length,
      certification: certification?.version ?? null,
    };
  });
  deps.wakeRelay();
  return outcome;
}

const cursorSchema = z.object({ id: z.uuid() });

/** The served notices of a ballot, page by page (by id). */
export async function listServedNotices(
  deps: Pick<Deps, 'db'>,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    limit: number;
    cursor?: string | undefined;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  const after = args.cursor ? decodeCursor(args.cursor, cursorSchema) : undefined;
  const rows = await deps.db
    .select()
    .from(servedNotices)
    .where(
      and(
        eq(servedNotices.ballotId, ballot.id),
        after ? gt(servedNotices.id, after.id) : undefined,
      ),
    )
    .orderBy(asc(servedNotices.id))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      holderKey: r.holderKey,
      method: r.method,
      servedAt: r.servedAt.toISOString(),
      reference: r.reference,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    })),
    nextCursor: rows.length > args.limit && last ? encodeCursor({ id: last.id }) : null,
  };
}
