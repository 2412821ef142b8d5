import { notFound } from '@yishi/errors';
import { and, asc, eq } from 'drizzle-orm';
import type { MeetingsDb, MeetingsTx } from '../db/database.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;

const noSuchMeeting = () => notFound({ zh: '未找到该会议', en: 'No such meeting' });

/**
 * A meeting of a community, or `not_found`. `lock` takes the row for update, so lifecycle
 * commands, minutes and ballot results on one meeting happen one after the other.
 */
export async function loadMeeting(
  db: MeetingsDb | MeetingsTx,
  where: { communityId?: string; meetingId: string },
  lock = false,
): Promise<MeetingRow> {
  const query = db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.id, where.meetingId),
        where.communityId ? eq(meetings.communityId, where.communityId) : undefined,
      ),
    );
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw noSuchMeeting();
  return row;
}

/** A meeting's agenda, in order. */
export function loadAgenda(db: MeetingsDb | MeetingsTx, meetingId: string) {
  return db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position));
}
