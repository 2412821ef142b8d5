import { createHash } from 'node:crypto';
import { tally } from '@yishi/domain';
import { preconditionFailed } from '@yishi/errors';
import { asc, eq, sql } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { BallotScope } from '../db/schema/index.ts';
import { electorateUnits } from '../db/schema/index.ts';

type ElectorateUnit = typeof electorateUnits.$inferSelect;

/**
 * SHA-256 (hex) of an electorate's canonical form: one JSON array per unit, sorted by unit id,
 * joined by newlines. Anyone holding the published rows can recompute it.
 */
export function electorateHash(units: readonly ElectorateUnit[]): string {
  const lines = [...units]
    .sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
    .map((u) =>
      JSON.stringify([
        u.unitId,
        u.holderKey,
        u.building,
        u.entrance,
        u.room,
        u.floor,
        u.kind,
        u.area,
        u.areaBasis,
        u.developerUnsold,
      ]),
    );
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export function loadElectorate(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select()
    .from(electorateUnits)
    .where(eq(electorateUnits.ballotId, ballotId))
    .orderBy(asc(electorateUnits.unitId));
}

/**
 * Copies the units in scope and their current holders from the projection into the ballot's
 * immutable electorate (one statement, so one consistent view of the projection), and issues one
 * credential per owner key. Parking spaces vote only where the community includes them (RULES.md §3).
 */
export async function snapshotElectorate(
  tx: BallotsTx,
  ballot: { id: string; communityId: string; scope: BallotScope },
  issuedAt: Date,
) {
  const inScope = sql`u.community_id = ${ballot.communityId}
    and (u.kind <> 'parking' or coalesce((select parking_included from dir_communities c
         where c.community_id = u.community_id), false))
    ${
      ballot.scope.kind === 'buildings'
        ? sql`and u.building_id in (${sql.join(
            ballot.scope.buildingIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql``
    }`;

  const orphans = rowsOf<{ building: string; entrance: string; room: string }>(
    await tx.execute(
      sql`select u.building, u.entrance, u.room from dir_units u
        left join dir_holdings h on h.unit_id = u.unit_id
        where ${inScope} and h.unit_id is null order by u.building, u.entrance, u.room limit 20`,
    ),
  );
  if (orphans.length > 0) {
    throw preconditionFailed(
      {
        zh: '部分房屋尚无业主登记，无法确定表决名册；请先在名册中补全',
        en: 'Some units in scope have no recorded owner; complete the roster first',
      },
      {
        details: {
          reason: 'units_without_owner',
          units: orphans.map((u) => `${u.building}-${u.entrance}-${u.room}`),
        },
      },
    );
  }

  await tx.execute(sql`
    with src as (
      select u.unit_id, h.holder_key, h.member_ids, h.voter_id, u.building_id, u.building,
             u.entrance, u.room, u.floor, u.kind, u.area, u.area_basis, h.developer_unsold
      from dir_units u join dir_holdings h on h.unit_id = u.unit_id
      where ${inScope}
    ), units as (
      insert into electorate_units (ballot_id, unit_id, holder_key, building_id, building, entrance,
                                    room, floor, kind, area, area_basis, developer_unsold)
      select ${ballot.id}::uuid, unit_id, holder_key, building_id, building, entrance, room, floor, kind,
             area, area_basis, developer_unsold
      from src
    )
    insert into electorate_holders (ballot_id, holder_key, member_ids, voter_id)
    select distinct on (holder_key) ${ballot.id}::uuid, holder_key, member_ids, voter_id
    from src order by holder_key, unit_id`);

  await tx.execute(sql`
    insert into credentials (id, ballot_id, holder_key, issued_at)
    select gen_random_uuid(), ballot_id, holder_key, ${issuedAt.toISOString()}::timestamptz
    from electorate_holders where ballot_id = ${ballot.id}::uuid`);

  const units = await loadElectorate(tx, ballot.id);
  if (units.length === 0) {
    throw preconditionFailed(
      { zh: '表决范围内没有房屋', en: 'No units are in the ballot’s scope' },
      { details: { reason: 'empty_electorate' } },
    );
  }
  const totals = tally({
    matter: 1,
    units: units.map((u) => ({
      unit: u.unitId,
      owner: u.holderKey,
      area: u.area,
      developerUnsold: u.developerUnsold,
    })),
    votes: [],
  });
  return {
    snapshotHash: electorateHash(units),
    units: units.length,
    totalArea: totals.totalArea,
    totalHeadcount: totals.totalHeadcount,
  };
}
