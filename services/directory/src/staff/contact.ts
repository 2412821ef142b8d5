import { forbidden, validationFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { staffContacts } from '../db/schema/index.ts';
import { type Actor, assertManagesAccount, loadActor, loadTarget } from './actor.ts';
import { messages } from './messages.ts';
import { loadStaffContact, publishStaffRecorded, type StaffContact } from './staff-events.ts';
import { recordStaffAction } from './views.ts';

/** A staff member's alert contacts as the API shows them. */
export interface StaffContactView extends StaffContact {
  staffId: string;
  updatedAt: string | null;
}

/**
 * Someone may see an account's contacts when it is their own, or they are a platform admin or a
 * committee admin of a community of the account.
 */
async function assertMayRead(ctx: Pick<Deps, 'db'>, actor: Actor, staffId: string) {
  const scope = await loadActor(ctx.db, actor);
  const target = await loadTarget(ctx.db, scope, staffId);
  const self = scope.staffId === staffId;
  const admin =
    scope.platformAdmin || target.memberships.some((m) => scope.adminOf.has(m.communityId));
  if (!self && !admin) throw forbidden(messages.notCommitteeAdmin);
}

export async function getStaffContact(
  ctx: Pick<Deps, 'db'>,
  input: { actor: Actor; staffId: string },
): Promise<StaffContactView> {
  await assertMayRead(ctx, input.actor, input.staffId);
  const [row] = await ctx.db
    .select({ updatedAt: staffContacts.updatedAt })
    .from(staffContacts)
    .where(eqStaff(input.staffId));
  return {
    staffId: input.staffId,
    ...(await loadStaffContact(ctx.db, input.staffId)),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

const eqStaff = (staffId: string) => eq(staffContacts.staffId, staffId);

/**
 * Replaces the contacts a staff member gets alerts on: their own, or as a platform admin or a
 * committee admin of every community of the account (as for renaming it). Publishes
 * `directory.staff.recorded` to each of the account's communities in the same transaction. The
 * audit log names the fields that changed, not their values.
 */
export async function setStaffContact(
  ctx: Deps,
  input: { actor: Actor; staffId: string; contact: StaffContact },
): Promise<StaffContactView> {
  const { contact } = input;
  const addressOf = { sms: contact.phone, email: contact.email, wechat: contact.wechatOpenId };
  if (contact.preferredChannel && !addressOf[contact.preferredChannel]) {
    throw validationFailed(messages.preferredWithoutAddress, {
      details: {
        issues: [
          {
            path: ['preferredChannel'],
            code: 'missing_address',
            message: messages.preferredWithoutAddress.en,
          },
        ],
      },
    });
  }
  const now = ctx.now();
  const view = await ctx.db.transaction(async (tx) => {
    const scope = await loadActor(tx, input.actor);
    const target = await loadTarget(tx, scope, input.staffId, { forUpdate: true });
    if (scope.staffId !== input.staffId) assertManagesAccount(scope, target);
    const before = await loadStaffContact(tx, input.staffId);
    const changed = (Object.keys(contact) as (keyof StaffContact)[]).filter(
      (key) => contact[key] !== before[key],
    );
    if (changed.length > 0) {
      const values = { ...contact, updatedAt: now };
      await tx
        .insert(staffContacts)
        .values({ staffId: input.staffId, ...values })
        .onConflictDoUpdate({ target: staffContacts.staffId, set: values });
      const communityIds = target.memberships.map((m) => m.communityId);
      await publishStaffRecorded(
        tx,
        { now: () => now, newId: ctx.newId },
        input.staffId,
        communityIds,
      );
      await recordStaffAction(
        tx,
        scope,
        {
          action: 'staff.contact_changed',
          staffId: input.staffId,
          communityIds,
          details: () => ({ fields: changed }),
        },
        now,
      );
    }
    const [row] = await tx
      .select({ updatedAt: staffContacts.updatedAt })
      .from(staffContacts)
      .where(eqStaff(input.staffId));
    return {
      staffId: input.staffId,
      ...contact,
      updatedAt: row?.updatedAt.toISOString() ?? null,
      changed: changed.length > 0,
    };
  });
  if (view.changed) ctx.wakeRelay();
  const { changed: _, ...result } = view;
  return result;
}
