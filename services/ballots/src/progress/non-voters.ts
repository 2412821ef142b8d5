import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BallotsDb } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import type { OutreachOutcome } from '../db/schema/index.ts';

/** One door to knock on: a unit of an owner who has not voted on any matter of the ballot. */
export interface NonVoter {
  holderKey: string;
  unitId: string;
  buildingId: string;
  building: string;
  entrance: string;
  room: string;
  floor: number | null;
  area: string;
  /** The voting co-owner's phone as `138****1234`, from the directory projection. */
  phoneMasked: string | null;
  /** The owner's latest logged visit for this ballot. */
  outreach: { outcome: OutreachOutcome; at: string } | null;
}

interface Row {
  holder_key: string;
  unit_id: string;
  building_id: string;
  building: string;
  entrance: string;
  room: string;
  floor: number | null;
  area: string;
  phone_masked: string | null;
  outcome: OutreachOutcome | null;
  outreach_at: string | Date | null;
  building_no: number;
  floor_no: number;
}

// Walking order: building number (then name), entrance, floor, room; the unit id breaks ties.
const positionSchema = z.tuple([
  z.number().int(),
  z.string(),
  z.string(),
  z.number().int(),
  z.string(),
  z.uuid(),
]);
const buildingNo = sql`coalesce(substring(u.building from '^[0-9]{1,9}')::int, 2147483647)`;
const floorNo = sql`coalesce(u.floor, -2147483648)`;

export interface NonVoterQuery {
  ballotId: string;
  scope: ReadonlySet<string> | null;
  buildingId?: string | undefined;
  cursor?: string | undefined;
  /** Without a limit, every row (the printable list). */
  limit?: number | undefined;
}

/**
 * Owners of the ballot's electorate with no stored vote, one row per unit, in walking order,
 * limited to the caller's buildings. Keyset pages: a page stays stable while others vote.
 */
export async function listNonVoters(db: BallotsDb, q: NonVoterQuery): Promise<Page<NonVoter>> {
  if (q.buildingId !== undefined && q.scope !== null && !q.scope.has(q.buildingId)) {
    throw notFound({ zh: '未找到该楼栋', en: 'No such building' });
  }
  const filters: SQL[] = [];
  if (q.buildingId !== undefined) filters.push(sql`and u.building_id = ${q.buildingId}::uuid`);
  if (q.scope !== null) {
    const ids = [...q.scope];
    filters.push(
      ids.length === 0
        ? sql`and false`
        : sql`and u.building_id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
  }
  if (q.cursor !== undefined) {
    const [b, building, entrance, floor, room, unitId] = decodeCursor(q.cursor, positionSchema);
    filters.push(
      sql`and (${buildingNo}, u.building, u.entrance, ${floorNo}, u.room, u.unit_id)
        > (${b}::int, ${building}, ${entrance}, ${floor}::int, ${room}, ${unitId}::uuid)`,
    );
  }
  const rows = rowsOf<Row>(
    await db.execute(sql`
    select u.holder_key, u.unit_id, u.building_id, u.building, u.entrance, u.room, u.floor, u.area,
           o.phone_masked, lo.outcome, lo.at as outreach_at,
           ${buildingNo} as building_no, ${floorNo} as floor_no
    from electorate_units u
    join electorate_holders h on h.ballot_id = u.ballot_id and h.holder_key = u.holder_key
    left join dir_owners o on o.owner_id = h.voter_id
    left join lateral (
      select l.outcome, l.at from outreach_log l
      where l.ballot_id = u.ballot_id and l.holder_key = u.holder_key
      order by l.at desc, l.id desc limit 1
    ) lo on true
    where u.ballot_id = ${q.ballotId}::uuid
      and not exists (
        select 1 from votes v where v.ballot_id = u.ballot_id and v.holder_key = u.holder_key)
      ${sql.join(filters, sql` `)}
    order by ${buildingNo}, u.building, u.entrance, ${floorNo}, u.room, u.unit_id
    ${q.limit === undefined ? sql`` : sql`limit ${q.limit + 1}`}`),
  );
  const more = q.limit !== undefined && rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      holderKey: r.holder_key,
      unitId: r.unit_id,
      buildingId: r.building_id,
      building: r.building,
      entrance: r.entrance,
      room: r.room,
      floor: r.floor,
      area: r.area,
      phoneMasked: r.phone_masked,
      outreach:
        r.outcome === null || r.outreach_at === null
          ? null
          : { outcome: r.outcome, at: new Date(r.outreach_at).toISOString() },
    })),
    nextCursor:
      more && last
        ? encodeCursor([
            Number(last.building_no),
            last.building,
            last.entrance,
            Number(last.floor_no),
            last.room,
            last.unit_id,
          ])
        : null,
  };
}
