import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { formatArea, parseArea } from '@yishi/domain';
import type { Deps } from '../context.ts';
import { attendanceRows } from './attendance.ts';
import { loadMeeting, type MeetingRow } from './load.ts';
import { communityTotals } from './roster.ts';

type Row = Awaited<ReturnType<typeof attendanceRows>>[number];

async function summary(deps: Deps, meeting: MeetingRow, rows: Row[]) {
  return {
    attendees: rows.length,
    proxies: rows.filter((r) => r.proxyReference !== null).length,
    area: formatArea(rows.reduce((sum, r) => sum + parseArea(r.area), 0n)),
    totals:
      meeting.kind === 'owners_assembly'
        ? await communityTotals(deps.db, meeting.communityId)
        : null,
  };
}

/** The committee's list: owner keys, units, how each signed in, proxy references. */
export async function staffAttendance(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const meeting = await loadMeeting(deps.db, { communityId, meetingId });
  const rows = await attendanceRows(deps, meetingId);
  return {
    summary: await summary(deps, meeting, rows),
    items: rows.map((r) => ({
      holderKey: r.holderKey,
      units: r.units,
      area: r.area,
      method: r.method,
      proxyReference: r.proxyReference,
      recordedAt: r.recordedAt.toISOString(),
    })),
  };
}

/** What owners see: units and areas of those present, and whether by proxy; no owner keys. */
export async function publicAttendance(deps: Deps, meeting: MeetingRow) {
  const rows = await attendanceRows(deps, meeting.id);
  return {
    summary: await summary(deps, meeting, rows),
    items: rows.map((r) => ({
      units: r.units.map(({ unitId: _, ...u }) => u),
      area: r.area,
      proxy: r.proxyReference !== null,
    })),
  };
}
