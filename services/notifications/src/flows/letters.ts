import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * Owner keys of a ballot that no channel reaches: their units, names and current personal link,
 * for the committee to print and deliver (the QR sheet). The link is a bearer secret: print it,
 * hand it over, do not post it.
 */
export async function lettersToPrint(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  type Row = { holder_key: string; link_url: string; units: string | null; names: string | null };
  const rows = rowsOf<Row>(
    await deps.db.execute(sql`
      select l.holder_key, l.link_url,
        (select string_agg(u.building || '-' || u.entrance || '-' || u.room, ', '
                           order by u.building, u.entrance, u.room)
         from holdings h join units u on u.unit_id = h.unit_id
         where h.community_id = l.community_id and h.holder_key = l.holder_key) as units,
        (select string_agg(o.name, '、' order by o.name)
         from owners o where o.owner_id = any(l.member_ids)) as names
      from voting_links l
      where l.ballot_id = ${args.ballotId}::uuid and l.community_id = ${args.communityId}::uuid
        and exists (select 1 from deliveries d where d.ballot_id = l.ballot_id
                    and d.holder_key = l.holder_key and d.medium = 'letter')
      order by units nulls last, l.holder_key`),
  );
  return {
    items: rows.map((r) => ({
      holderKey: r.holder_key,
      units: r.units ?? '',
      names: r.names ?? '',
      link: r.link_url,
    })),
  };
}

/**
 * Owner keys no channel reaches for a meeting's messages (its notice, a cancellation, the
 * minutes): units, names and which message, to print and deliver or post at the door. No link:
 * nothing in these letters is a secret.
 */
export async function meetingLettersToPrint(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  type Row = { holder_key: string; kinds: string[]; units: string | null; names: string | null };
  const rows = rowsOf<Row>(
    await deps.db.execute(sql`
      select d.holder_key, array_agg(distinct d.kind order by d.kind) as kinds,
        (select string_agg(u.building || '-' || u.entrance || '-' || u.room, ', '
                           order by u.building, u.entrance, u.room)
         from holdings h join units u on u.unit_id = h.unit_id
         where h.community_id = d.community_id and h.holder_key = d.holder_key) as units,
        (select string_agg(o.name, '、' order by o.name)
         from owners o where o.owner_id::text = any(string_to_array(d.holder_key, '&'))) as names
      from deliveries d
      where d.meeting_id = ${args.meetingId}::uuid and d.community_id = ${args.communityId}::uuid
        and d.medium = 'letter'
      group by d.holder_key, d.community_id
      order by units nulls last, d.holder_key`),
  );
  return {
    items: rows.map((r) => ({
      holderKey: r.holder_key,
      units: r.units ?? '',
      names: r.names ?? '',
      messages: (Array.isArray(r.kinds)
        ? r.kinds
        : String(r.kinds).replace(/[{}]/g, '').split(',')
      ).filter(Boolean),
    })),
  };
}
