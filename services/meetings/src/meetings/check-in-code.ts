import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import QRCode from 'qrcode';
import type { Deps } from '../context.ts';
import { loadMeeting } from './load.ts';
import { wrongState } from './refusals.ts';

/**
 * The check-in QR code shown at the door: it opens the owner's sign-in page in the web with the
 * meeting's code; the owner's own page link says who they are.
 */
export async function checkInPoster(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const meeting = await loadMeeting(deps.db, { communityId, meetingId });
  if (!meeting.checkInCode) throw wrongState(meeting.status, ['notice_published', 'held']);
  const url = `${deps.publicBaseUrl}/m/${meetingId}/check-in?code=${meeting.checkInCode}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code: meeting.checkInCode, url, svg };
}
