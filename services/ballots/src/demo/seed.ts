import { createHash } from 'node:crypto';
import type { StaffClaims } from '@yishi/auth';
import { isAppError } from '@yishi/errors';
import { and, eq, sql } from 'drizzle-orm';
import { draftBallot } from '../ballots/draft-ballot.ts';
import { runLifecycle } from '../ballots/lifecycle.ts';
import { loadMatters } from '../ballots/load.ts';
import { draftBallotBodySchema } from '../ballots/schemas.ts';
import type { Actor, Deps } from '../context.ts';
import { rowsOf } from '../db/rows.ts';
import { ballots, credentials, electorateHolders, votes } from '../db/schema/index.ts';
import { castVote } from '../voting/cast-vote.ts';
import { linkToken } from '../voting/link-token.ts';
import { MattersCache } from '../voting/matters-cache.ts';
import { enterPaperVote } from '../voting/paper-votes.ts';

/** The directory's demo community (services/directory/src/demo). */
export const DEMO_COMMUNITY = '幸福里';
const DAY = 86_400_000;
const demo: Actor = { system: 'demo' };
/** Owners who vote online, out of 1,000; and how many paper and proxy ballots are entered. */
const ONLINE_PER_MILLE = 450;
const PAPER_BALLOTS = 5;

/**
 * The id of a community's demo ballot, derived from the community: the primary key then makes a
 * second demo ballot impossible, across restarts and replicas alike.
 */
export function demoBallotId(communityId: string): string {
  const h = createHash('sha256').update(`yishi-demo-ballot:${communityId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A number in 0..999 drawn from an owner key, the same on every run. */
const draw = (salt: string, holderKey: string) =>
  createHash('sha256').update(`${salt}:${holderKey}`).digest().readUInt16BE(0) % 1_000;

/** Whether the demo has this owner vote through their link (else perhaps on paper). */
export const votesOnline = (holderKey: string) => draw('online', holderKey) < ONLINE_PER_MILLE;

/**
 * The demo community once its projection is complete: named 幸福里, its grid defined (the
 * directory's demo seed defines it after the roster import is applied) and every unit held.
 */
export async function findDemoCommunity(db: Deps['db']): Promise<string | undefined> {
  const rows = rowsOf<{ community_id: string }>(
    await db.execute(sql`
      select c.community_id from dir_communities c
      where c.name = ${DEMO_COMMUNITY}
        and exists (select 1 from dir_grids g where g.community_id = c.community_id)
        and exists (select 1 from dir_units u where u.community_id = c.community_id)
        and not exists (
          select 1 from dir_units u left join dir_holdings h on h.unit_id = u.unit_id
          where u.community_id = c.community_id and h.unit_id is null)
      limit 1`),
  );
  return rows[0]?.community_id;
}

function demoBody(now: Date) {
  return draftBallotBodySchema.parse({
    title: '筹集维修资金安装防火门',
    description:
      '各楼栋楼梯间的防火门老化损坏，拟按专有部分面积每平方米20元筹集维修资金，统一更换为甲级防火门。本表决为演示数据。',
    matters: [
      {
        item: 6,
        title: '同意按每平方米20元筹集维修资金，用于更换全部楼栋的防火门',
        body: '施工方案与报价单见业委会公告栏；筹集的资金专户存储，使用情况每季度公示。',
      },
    ],
    scope: { kind: 'estate' },
    window: {
      opensAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      closesAt: new Date(now.getTime() + 21 * DAY).toISOString(),
    },
    noticeGivenAt: new Date(now.getTime() - 19 * DAY).toISOString(),
  });
}

/**
 * Seeds the demo ballot of `communityId` through the same verbs staff and owners use: drafted,
 * opened (snapshot and links), then about 45% of the owners vote online and a few paper and proxy
 * ballots are entered, chosen and decided deterministically from the owner keys. Runs again
 * harmlessly: the ballot's id is fixed, opening happens once, and owners who voted are skipped.
 */
export async function seedDemoBallot(deps: Deps, communityId: string) {
  const id = demoBallotId(communityId);
  const staff: StaffClaims = {
    sub: 'demo',
    roles: ['committee_admin'],
    communities: [communityId],
    communityRoles: { [communityId]: ['committee_admin'] },
  };
  let [row] = await deps.db.select().from(ballots).where(eq(ballots.id, id));
  const created = !row;
  if (!row) {
    await draftBallot(deps, {
      staff,
      communityId,
      input: demoBody(deps.now()),
      ids: { ballot: id },
      actor: demo,
    });
    [row] = await deps.db.select().from(ballots).where(eq(ballots.id, id));
  }
  if (row?.status === 'draft') {
    await runLifecycle(deps, { actor: demo, communityId, ballotId: id, command: { type: 'open' } });
  } else if (row?.status !== 'open') {
    return { ballotId: id, created, cast: 0 };
  }

  const holders = await deps.db
    .select({ holderKey: electorateHolders.holderKey, credentialId: credentials.id })
    .from(electorateHolders)
    .innerJoin(
      credentials,
      and(
        eq(credentials.ballotId, electorateHolders.ballotId),
        eq(credentials.holderKey, electorateHolders.holderKey),
        sql`${credentials.revokedAt} is null`,
      ),
    )
    .where(eq(electorateHolders.ballotId, id));
  const voted = new Set(
    (
      await deps.db.selectDistinct({ h: votes.holderKey }).from(votes).where(eq(votes.ballotId, id))
    ).map((v) => v.h),
  );
  const [matter] = await loadMatters(deps.db, id);
  if (!matter) return { ballotId: id, created, cast: 0 };
  const choiceOf = (holderKey: string) => {
    const n = draw('choice', holderKey);
    return n < 780 ? 'agree' : n < 920 ? 'oppose' : 'abstain';
  };
  const ordered = [...holders].sort(
    (a, b) => draw('order', a.holderKey) - draw('order', b.holderKey),
  );
  const voteDeps = { ...deps, matters: new MattersCache() };
  let cast = 0;
  let paper = 0;
  for (const h of ordered) {
    const online = votesOnline(h.holderKey);
    if (!online && paper >= PAPER_BALLOTS) continue;
    if (!online) paper += 1;
    if (voted.has(h.holderKey)) continue;
    const choices = [{ matterId: matter.id, choice: choiceOf(h.holderKey) } as const];
    try {
      if (online) {
        await castVote(voteDeps, { token: linkToken(deps.links, h.credentialId), choices });
      } else {
        const proxy = paper === PAPER_BALLOTS;
        await enterPaperVote(deps, {
          staff,
          communityId,
          ballotId: id,
          actor: demo,
          input: {
            holderKey: h.holderKey,
            choices,
            channel: proxy ? 'proxy' : 'paper',
            reference: `演示-${proxy ? '委托书' : '纸质票'}-${String(paper).padStart(3, '0')}`,
            ...(proxy ? { proxyName: '代理人（演示）' } : {}),
          },
        });
      }
      cast += 1;
    } catch (error) {
      // Another replica seeding at the same moment: its ballot stands.
      if (!isAppError(error, 'already_exists')) throw error;
    }
  }
  return { ballotId: id, created, cast };
}

/**
 * With DEMO on: waits until the projection holds the demo community (the directory seeds it at its
 * own start), then seeds its demo ballot once, and stops.
 */
export function startDemoSeeder(deps: Deps, intervalMs = 2_000) {
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      try {
        const communityId = await findDemoCommunity(deps.db);
        if (communityId) {
          const seeded = await seedDemoBallot(deps, communityId);
          deps.logger.info(seeded, 'demo ballot 筹集维修资金安装防火门 is open');
          return;
        }
      } catch (err) {
        deps.logger.warn({ err }, 'demo ballot not seeded yet; will retry');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
