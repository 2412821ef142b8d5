import { assertCommunityAccess, ownerTokenType, rolesIn, type StaffRole } from '@yishi/auth';
import { forbidden, notFound, unauthenticated } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { decodeProtectedHeader } from 'jose';
import type { Deps } from '../context.ts';
import { dirHoldings, dirOwnerLinks } from '../db/schema/index.ts';

/** Who calls: an owner key through their owner page link, or a staff member with their roles here. */
export type Caller =
  | { kind: 'owner'; holderId: string; holderKey: string }
  | { kind: 'staff'; staffId: string; roles: readonly StaffRole[] };

export type CallerEnv = { Variables: { caller: Caller } };

const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export const committeeRoles: readonly StaffRole[] = [
  'committee_admin',
  'committee_member',
  'platform_admin',
];
/** Who may hide comments: the committee and the community's Party secretary. */
export const moderatorRoles: readonly StaffRole[] = [...committeeRoles, 'party_secretary'];

const messages = {
  notOwner: {
    zh: '此链接的业主目前在本小区没有房屋',
    en: 'The owner of this link holds no unit in this community now',
  },
  revoked: {
    zh: '此业主链接已作废，请使用业委会新发的链接',
    en: 'This owner link was replaced; use the new link from the committee',
  },
  committeeOnly: {
    zh: '只有本小区的业委会可以这样做',
    en: "Only this community's committee can do this",
  },
  ownersOnly: { zh: '只有业主可以这样做', en: 'Only owners can do this' },
};

/**
 * Middleware for routes under `/communities/{communityId}`: admits an owner page token (typ
 * `owner+jwt`) of this community whose link is current and whose holder still owns a unit here
 * (from the directory projection), or a staff token granting the community. `accept` narrows it.
 */
export function requireCaller(
  deps: Pick<Deps, 'db' | 'verifier' | 'ownerVerifier'>,
  accept: 'any' | 'owner' | 'staff' = 'any',
): MiddlewareHandler<CallerEnv> {
  return async (c, next) => {
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw unauthenticated(undefined, { details: { reason: 'token_missing' } });
    const communityId = c.req.param('communityId') ?? '';
    let typ: unknown;
    try {
      typ = decodeProtectedHeader(token).typ;
    } catch {
      throw unauthenticated(undefined, { details: { reason: 'token_invalid' } });
    }
    if (typ === ownerTokenType) {
      if (accept === 'staff') throw forbidden(messages.committeeOnly);
      const owner = await deps.ownerVerifier.verify(token);
      if (owner.communityId !== communityId) {
        throw notFound({ zh: '未找到该小区', en: 'No such community' });
      }
      const [[link], [holding]] = await Promise.all([
        deps.db
          .select({ version: dirOwnerLinks.version })
          .from(dirOwnerLinks)
          .where(eq(dirOwnerLinks.holderId, owner.holderId)),
        deps.db
          .select({ unitId: dirHoldings.unitId })
          .from(dirHoldings)
          .where(
            and(
              eq(dirHoldings.communityId, communityId),
              eq(dirHoldings.holderKey, owner.holderKey),
            ),
          )
          .limit(1),
      ]);
      if (owner.ver < (link?.version ?? 1)) {
        throw unauthenticated(messages.revoked, { details: { reason: 'link_revoked' } });
      }
      if (!holding)
        throw forbidden(messages.notOwner, { details: { reason: 'not_current_owner' } });
      c.set('caller', { kind: 'owner', holderId: owner.holderId, holderKey: owner.holderKey });
    } else {
      if (accept === 'owner') throw forbidden(messages.ownersOnly);
      const staff = await deps.verifier.verify(token);
      assertCommunityAccess(staff, communityId);
      c.set('caller', { kind: 'staff', staffId: staff.sub, roles: rolesIn(staff, communityId) });
    }
    await next();
  };
}

/** Whether the caller is staff holding one of `roles` in the community. */
export const holds = (caller: Caller, roles: readonly StaffRole[]) =>
  caller.kind === 'staff' && caller.roles.some((role) => roles.includes(role));

/** Refuses unless the caller is on the committee (or a platform admin). */
export function assertCommittee(
  caller: Caller,
): asserts caller is Extract<Caller, { kind: 'staff' }> {
  if (!holds(caller, committeeRoles)) throw forbidden(messages.committeeOnly);
}

/** The author columns of something a caller writes: an owner key or a staff id, never a name. */
export const authorOf = (caller: Caller) =>
  caller.kind === 'owner'
    ? { authorKind: 'owner' as const, authorHolderKey: caller.holderKey, authorStaffId: null }
    : { authorKind: 'staff' as const, authorHolderKey: null, authorStaffId: caller.staffId };

/** Whether `caller` wrote something with these author columns. */
export const isAuthor = (
  caller: Caller,
  row: { authorHolderKey: string | null; authorStaffId: string | null },
) =>
  caller.kind === 'owner'
    ? row.authorHolderKey === caller.holderKey
    : row.authorStaffId === caller.staffId;
