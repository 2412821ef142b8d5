import type { StaffClaims } from '@yishi/auth';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { BallotsDb } from '../db/database.ts';
import { electorateUnits, type OutreachOutcome, outreachLog } from '../db/schema/index.ts';
import { inScope } from './access.ts';

const noSuchOwner = () =>
  notFound({ zh: '本次表决名册中没有该业主', en: 'No such owner in this ballot’s electorate' });

/**
 * Throws `not_found` unless the owner key is in the ballot's electorate with a unit in the caller's
 * buildings: a grid worker cannot learn whether an owner of another grid exists.
 */
export async function assertOwnerInScope(
  db: BallotsDb,
  ballotId: string,
  holderKey: string,
  scope: ReadonlySet<string> | null,
): Promise<void> {
  const units = await db
    .select({ buildingId: electorateUnits.buildingId })
    .from(electorateUnits)
    .where(and(eq(electorateUnits.ballotId, ballotId), eq(electorateUnits.holderKey, holderKey)));
  if (!units.some((u) => inScope(scope, u.buildingId))) throw noSuchOwner();
}

export interface OutreachRecord {
  id: string;
  holderKey: string;
  outcome: OutreachOutcome;
  note: string | null;
  staffId: string;
  at: string;
}

const view = (r: typeof outreachLog.$inferSelect): OutreachRecord => ({
  id: r.id,
  holderKey: r.holderKey,
  outcome: r.outcome,
  note: r.note,
  staffId: r.staffId,
  at: r.at.toISOString(),
});

/** Logs a visit to an owner who has not voted, by the staff member and at the time of the call. */
export async function recordOutreach(
  deps: Deps,
  args: {
    staff: StaffClaims;
    ballot: { id: string; status: string };
    scope: ReadonlySet<string> | null;
    input: { holderKey: string; outcome: OutreachOutcome; note?: string | undefined };
  },
): Promise<OutreachRecord> {
  if (args.ballot.status !== 'open' && args.ballot.status !== 'extended') {
    throw preconditionFailed(
      {
        zh: '表决不在投票期内，无需走访',
        en: 'The ballot is not open; visits are no longer logged',
      },
      { details: { reason: 'ballot_not_open', status: args.ballot.status } },
    );
  }
  await assertOwnerInScope(deps.db, args.ballot.id, args.input.holderKey, args.scope);
  const [row] = await deps.db
    .insert(outreachLog)
    .values({
      id: deps.newId(),
      ballotId: args.ballot.id,
      holderKey: args.input.holderKey,
      outcome: args.input.outcome,
      note: args.input.note ?? null,
      staffId: args.staff.sub,
      at: deps.now(),
    })
    .returning();
  return view(row!);
}

/** An owner's visits for a ballot, newest first. */
export async function outreachHistory(
  db: BallotsDb,
  args: { ballotId: string; holderKey: string; scope: ReadonlySet<string> | null },
): Promise<OutreachRecord[]> {
  await assertOwnerInScope(db, args.ballotId, args.holderKey, args.scope);
  const rows = await db
    .select()
    .from(outreachLog)
    .where(and(eq(outreachLog.ballotId, args.ballotId), eq(outreachLog.holderKey, args.holderKey)))
    .orderBy(desc(outreachLog.at), desc(outreachLog.id));
  return rows.map(view);
}
