import type { Executor } from '@yishi/db';
import { forbidden, notFound, unauthenticated } from '@yishi/errors';
import { eq, inArray } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import { communities, staff } from '../db/schema/index.ts';
import { loadMemberships, type Membership } from './access.ts';
import { messages } from './messages.ts';

type Db = Executor<typeof schema>;

/**
 * Who performs a change: a signed-in staff member, or the system itself (the bootstrap, the
 * create-admin CLI, the demo seed), which is not checked and is recorded without a staff id.
 */
export type Actor = { staffId: string } | { system: 'bootstrap' | 'cli' | 'demo' };

/**
 * A staff actor as the directory holds them now. Staff management is authorised against the
 * tables, not the token's claims: the token says only which roles someone has somewhere, and a
 * role taken away must stop working at once rather than when the token expires.
 */
export interface ActorScope {
  staffId: string | null;
  platformAdmin: boolean;
  /** Communities where the actor holds any role. */
  communities: ReadonlySet<string>;
  /** Communities where the actor is a committee admin. */
  adminOf: ReadonlySet<string>;
}

export async function loadActor(db: Db, actor: Actor): Promise<ActorScope> {
  if ('system' in actor) {
    return { staffId: null, platformAdmin: true, communities: new Set(), adminOf: new Set() };
  }
  const [account] = await db
    .select({ platformAdmin: staff.platformAdmin, disabledAt: staff.disabledAt })
    .from(staff)
    .where(eq(staff.id, actor.staffId));
  if (!account || account.disabledAt !== null) {
    throw unauthenticated(messages.sessionEnded, { details: { reason: 'account_disabled' } });
  }
  const memberships = await loadMemberships(db, actor.staffId);
  return {
    staffId: actor.staffId,
    platformAdmin: account.platformAdmin,
    communities: new Set(memberships.map((m) => m.communityId)),
    adminOf: new Set(
      memberships.filter((m) => m.roles.includes('committee_admin')).map((m) => m.communityId),
    ),
  };
}

/**
 * Refuses unless the actor may manage staff in every one of `communityIds`: `not_found` for a
 * community they have no part in (or that does not exist), `forbidden` for one they belong to
 * without being its committee admin.
 */
export async function assertManages(db: Db, actor: ActorScope, communityIds: Iterable<string>) {
  const ids = [...new Set(communityIds)];
  for (const id of ids) {
    if (actor.platformAdmin) continue;
    if (!actor.communities.has(id)) throw notFound(messages.communityNotFound);
    if (!actor.adminOf.has(id)) throw forbidden(messages.notCommitteeAdmin);
  }
  if (ids.length === 0) return;
  const found = await db
    .select({ id: communities.id })
    .from(communities)
    .where(inArray(communities.id, ids));
  if (found.length !== ids.length) throw notFound(messages.communityNotFound);
}

/** A staff account with its memberships, as another staff member is allowed to see it. */
export interface TargetAccount {
  account: typeof staff.$inferSelect;
  memberships: Membership[];
}

/**
 * Loads the account `staffId` for `actor`, or `not_found` when it does not exist or shares no
 * community with the actor: staff of one community never learn of another's. Locks the row when
 * `forUpdate`, so concurrent edits of one account apply one after the other.
 */
export async function loadTarget(
  db: Db,
  actor: ActorScope,
  staffId: string,
  options: { forUpdate?: boolean } = {},
): Promise<TargetAccount> {
  const query = db.select().from(staff).where(eq(staff.id, staffId));
  const [account] = options.forUpdate ? await query.for('update') : await query;
  if (!account) throw notFound(messages.staffNotFound);
  const memberships = await loadMemberships(db, staffId);
  const visible =
    actor.platformAdmin ||
    actor.staffId === staffId ||
    memberships.some((m) => actor.communities.has(m.communityId));
  if (!visible) throw notFound(messages.staffNotFound);
  return { account, memberships };
}

/**
 * Refuses unless the actor may change the account as a whole (its name, password, whether it is
 * enabled): a platform admin, or a committee admin of every community the account belongs to —
 * an account shared with another community is that community's business too.
 */
export function assertManagesAccount(actor: ActorScope, target: TargetAccount) {
  if (actor.platformAdmin) return;
  if (target.account.platformAdmin) throw forbidden(messages.platformAdminOnly);
  const all = target.memberships.every((m) => actor.adminOf.has(m.communityId));
  if (!all || target.memberships.length === 0) throw forbidden(messages.notCommitteeAdmin);
}

/** The memberships of a target the actor may see: a committee admin sees only their communities. */
export function visibleMemberships(actor: ActorScope, target: TargetAccount): Membership[] {
  if (actor.platformAdmin || actor.staffId === target.account.id) return target.memberships;
  return target.memberships.filter((m) => actor.communities.has(m.communityId));
}
