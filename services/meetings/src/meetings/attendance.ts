import { timingSafeEqual } from 'node:crypto';
import { assertCommunityAccess, type OwnerClaims, type StaffClaims } from '@yishi/auth';
import { shanghaiDate, shanghaiMidnight } from '@yishi/domain';
import { forbidden, notFound, preconditionFailed } from '@yishi/errors';
import { and, asc, eq } from 'drizzle-orm';
import { type Actor, actorName, type Deps } from '../context.ts';
import { attendance, meetings } from '../db/schema/index.ts';
import { takesAttendance } from '../domain/lifecycle.ts';
import { loadMeeting, type MeetingRow } from './load.ts';
import { ownerLinkVersion } from './owner-links.ts';
import { invalidField, wrongState } from './refusals.ts';
import { holderOfUnit, unitsOfHolder } from './roster.ts';
import type { RecordAttendanceInput } from './schemas.ts';

type Method = 'qr' | 'owner_link' | 'staff';

function assertTakesAttendance(meeting: MeetingRow) {
  if (!takesAttendance(meeting.status)) {
    throw wrongState(meeting.status, ['notice_published', 'held']);
  }
  if (meeting.form === 'in_writing') {
    throw preconditionFailed(
      {
        zh: '书面表决的业主大会以表决票计，不签到',
        en: 'An assembly in writing counts ballots, not attendance',
      },
      { details: { reason: 'held_in_writing' } },
    );
  }
}

/**
 * Signs an owner key in, once: a second sign-in (any channel, also concurrently) finds the
 * first row and changes nothing. The units and areas are those the key holds at sign-in.
 */
async function signIn(
  deps: Deps,
  meeting: MeetingRow,
  entry: { holderKey: string; method: Method; proxyReference: string | null; actor: Actor },
) {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    // The meeting's row, shared: a lifecycle change in flight (it holds the row for update)
    // commits first, so no sign-in is recorded once the meeting was cancelled or its minutes
    // published. Sign-ins do not wait for each other.
    const [current] = await tx
      .select()
      .from(meetings)
      .where(eq(meetings.id, meeting.id))
      .for('share');
    assertTakesAttendance(current ?? meeting);
    const held = await unitsOfHolder(tx, meeting.communityId, entry.holderKey);
    if (held.units.length === 0) {
      throw notFound(
        { zh: '未找到该业主的房屋', en: 'This owner holds no unit in the community' },
        { details: { reason: 'no_units' } },
      );
    }
    const [inserted] = await tx
      .insert(attendance)
      .values({
        meetingId: meeting.id,
        holderKey: entry.holderKey,
        method: entry.method,
        proxyReference: entry.proxyReference,
        units: held.units,
        area: held.area,
        recordedBy: actorName(entry.actor),
        recordedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    const row =
      inserted ??
      (
        await tx
          .select()
          .from(attendance)
          .where(
            and(eq(attendance.meetingId, meeting.id), eq(attendance.holderKey, entry.holderKey)),
          )
      )[0]!;
    return {
      holderKey: row.holderKey,
      units: row.units.map(({ unitId: _, ...u }) => u),
      area: row.area,
      method: row.method,
      proxy: row.proxyReference !== null,
      created: inserted !== undefined,
      recordedAt: row.recordedAt.toISOString(),
    };
  });
}

/**
 * A committee member records an owner at the door: by owner key, by unit, or by scanning the
 * owner's page link; a proxy with the reference of the written authorisation.
 */
export async function recordAttendance(
  deps: Deps,
  {
    staff,
    communityId,
    meetingId,
    input,
  }: { staff: StaffClaims; communityId: string; meetingId: string; input: RecordAttendanceInput },
) {
  assertCommunityAccess(staff, communityId);
  const meeting = await loadMeeting(deps.db, { communityId, meetingId });
  assertTakesAttendance(meeting);
  let holderKey = input.holderKey;
  let method: Method = 'staff';
  if (input.ownerToken) {
    const owner = await deps.ownerVerifier.verify(input.ownerToken);
    if (owner.ver < ((await ownerLinkVersion(deps.db)(owner)) ?? 1)) {
      throw invalidField(
        ['ownerToken'],
        {
          zh: '此业主链接已作废，请使用业委会新发的链接',
          en: 'This owner link was replaced; use the new link from the committee',
        },
        { reason: 'link_revoked' },
      );
    }
    if (owner.communityId !== communityId) {
      throw invalidField(['ownerToken'], {
        zh: '该业主链接不属于本小区',
        en: 'This owner link belongs to another community',
      });
    }
    holderKey = owner.holderKey;
    method = 'owner_link';
  }
  if (input.unit) {
    holderKey = await holderOfUnit(deps.db, communityId, input.unit);
    if (!holderKey) {
      throw invalidField(['unit'], { zh: '未找到该房屋', en: 'No such unit in the community' });
    }
  }
  return signIn(deps, meeting, {
    holderKey: holderKey!,
    method,
    proxyReference: input.proxyReference ?? null,
    actor: { staffId: staff.sub },
  });
}

function sameCode(given: string, expected: string | null) {
  if (!expected) return false;
  const a = Buffer.from(given.toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * An owner signs in by scanning the QR code at the door: their own page link identifies them,
 * the code proves they are there. Open from the meeting's day (Beijing time).
 */
export async function checkIn(
  deps: Deps,
  { owner, meetingId, code }: { owner: OwnerClaims; meetingId: string; code: string },
) {
  const meeting = await loadMeeting(deps.db, { communityId: owner.communityId, meetingId });
  if (meeting.status === 'draft') throw notFound({ zh: '未找到该会议', en: 'No such meeting' });
  assertTakesAttendance(meeting);
  if (deps.now() < shanghaiMidnight(shanghaiDate(meeting.startsAt))) {
    throw preconditionFailed(
      { zh: '会议当天才能签到', en: 'Sign-in opens on the day of the meeting' },
      { details: { reason: 'not_yet', from: shanghaiDate(meeting.startsAt) } },
    );
  }
  if (!sameCode(code, meeting.checkInCode)) {
    throw forbidden(
      {
        zh: '签到码不正确，请扫描会场的二维码',
        en: 'Wrong check-in code; scan the QR code at the venue',
      },
      { details: { reason: 'code_wrong' } },
    );
  }
  return signIn(deps, meeting, {
    holderKey: owner.holderKey,
    method: 'qr',
    proxyReference: null,
    actor: { holderKey: owner.holderKey },
  });
}

/** The attendance rows of a meeting, in sign-in order. */
export function attendanceRows(deps: Deps, meetingId: string) {
  return deps.db
    .select()
    .from(attendance)
    .where(eq(attendance.meetingId, meetingId))
    .orderBy(asc(attendance.recordedAt), asc(attendance.holderKey));
}
