import { enqueueAll, prepareEvent } from '@yishi/bus';
import { staffRecorded } from '@yishi/contracts';
import type { Executor } from '@yishi/db';
import { eq } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import { staff, staffContacts } from '../db/schema/index.ts';
import { loadMemberships } from './access.ts';

/** A staff member's contact details as the directory holds them; all null until someone sets them. */
export interface StaffContact {
  phone: string | null;
  email: string | null;
  wechatOpenId: string | null;
  preferredChannel: 'sms' | 'email' | 'wechat' | null;
  locale: 'zh-CN' | 'en';
}

export const noContact: StaffContact = {
  phone: null,
  email: null,
  wechatOpenId: null,
  preferredChannel: null,
  locale: 'zh-CN',
};

export async function loadStaffContact(
  db: Executor<typeof schema>,
  staffId: string,
): Promise<StaffContact> {
  const [row] = await db.select().from(staffContacts).where(eq(staffContacts.staffId, staffId));
  if (!row) return noContact;
  const { phone, email, wechatOpenId, preferredChannel, locale } = row;
  return { phone, email, wechatOpenId, preferredChannel, locale };
}

/**
 * Writes `directory.staff.recorded` for the account in each of `communityIds` to the outbox, in
 * the caller's transaction, as the account stands after the change: its roles in that community
 * (none when it was just removed from it), whether it is enabled, and its contact details.
 */
export async function publishStaffRecorded(
  tx: Executor<typeof schema>,
  ids: { now: () => Date; newId: () => string },
  staffId: string,
  communityIds: Iterable<string>,
): Promise<void> {
  const communities = [...new Set(communityIds)];
  if (communities.length === 0) return;
  const [account] = await tx.select().from(staff).where(eq(staff.id, staffId));
  if (!account) return;
  const [memberships, contact] = await Promise.all([
    loadMemberships(tx, staffId),
    loadStaffContact(tx, staffId),
  ]);
  await enqueueAll(
    tx,
    communities.map((communityId) =>
      prepareEvent(
        staffRecorded,
        {
          communityId,
          aggregateId: staffId,
          payload: {
            staffId,
            displayName: account.displayName,
            roles: memberships.find((m) => m.communityId === communityId)?.roles ?? [],
            active: account.disabledAt === null,
            contact,
          },
        },
        ids,
      ),
    ),
  );
}
