import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { notFound } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { ownerPreferences, owners } from '../db/schema/index.ts';

export const preferencesBodySchema = z.object({
  preferredChannel: z.enum(['sms', 'email', 'wechat', 'letter']).nullable().default(null),
  email: z.email().max(320).nullable().default(null),
  wechatOpenId: z.string().trim().min(1).max(128).nullable().default(null),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

/** Records how an owner wants to be reached (the committee enters what the owner asked for). */
export async function setPreferences(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ownerId: string;
    input: z.output<typeof preferencesBodySchema>;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const [owner] = await deps.db
    .select({ ownerId: owners.ownerId })
    .from(owners)
    .where(and(eq(owners.ownerId, args.ownerId), eq(owners.communityId, args.communityId)));
  if (!owner) throw notFound({ zh: '没有这位业主', en: 'No such owner in this community' });
  const values = { communityId: args.communityId, ...args.input, updatedAt: deps.now() };
  await deps.db
    .insert(ownerPreferences)
    .values({ ownerId: args.ownerId, ...values })
    .onConflictDoUpdate({ target: ownerPreferences.ownerId, set: values });
  return { ownerId: args.ownerId, ...args.input };
}
