import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { decodeCursor, encodeCursor } from '@yishi/contracts';
import { and, desc, eq, inArray, lt, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';
import { loadAgenda, loadMeeting } from './load.ts';
import { meetingView, ownerMeetingView } from './views.ts';

const cursorSchema = z.object({ startsAt: z.iso.datetime(), id: z.uuid() });

/**
 * A community's meetings, latest first, by keyset pages. Owners (`forOwners`) see no drafts and
 * only published minutes.
 */
export async function listMeetings(
  deps: Deps,
  query: { communityId: string; cursor?: string | undefined; limit: number; forOwners: boolean },
) {
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : undefined;
  const rows = await deps.db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.communityId, query.communityId),
        query.forOwners ? ne(meetings.status, 'draft') : undefined,
        after
          ? or(
              lt(meetings.startsAt, new Date(after.startsAt)),
              and(eq(meetings.startsAt, new Date(after.startsAt)), lt(meetings.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const agenda = page.length
    ? await deps.db
        .select()
        .from(agendaItems)
        .where(
          inArray(
            agendaItems.meetingId,
            page.map((r) => r.id),
          ),
        )
    : [];
  const view = query.forOwners ? ownerMeetingView : meetingView;
  const last = page.at(-1);
  return {
    items: page.map((row) =>
      view(
        row,
        agenda.filter((a) => a.meetingId === row.id).sort((a, b) => a.position - b.position),
      ),
    ),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ startsAt: last.startsAt.toISOString(), id: last.id })
        : null,
  };
}

export function listStaffMeetings(
  deps: Deps,
  query: { staff: StaffClaims; communityId: string; cursor?: string | undefined; limit: number },
) {
  assertCommunityAccess(query.staff, query.communityId);
  return listMeetings(deps, { ...query, forOwners: false });
}

/** One meeting as the committee sees it. */
export async function getMeeting(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const row = await loadMeeting(deps.db, { communityId, meetingId });
  return meetingView(row, await loadAgenda(deps.db, meetingId));
}
