import type { StaffClaims } from '@yishi/auth';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { dirCommunities, dirHoldings, meetings } from '../db/schema/index.ts';
import { MEETINGS_NAMESPACE, uuidV5 } from '../domain/ids.ts';
import { createMeeting } from '../meetings/draft-meeting.ts';
import { publishNotice } from '../meetings/notice.ts';

const DEMO_COMMUNITY = '幸福里';
const DAY = 86_400_000;

/** When `now` is, at `hour`:00 Beijing time `days` days later. */
function beijingAt(now: Date, days: number, hour: number) {
  const day = Math.floor((now.getTime() + 8 * 3_600_000) / DAY) + days;
  return new Date(day * DAY + (hour - 8) * 3_600_000);
}

/**
 * Seeds the demo community 幸福里 (once its roster reached the projection): a deliberation
 * meeting (板凳议事) in three days and an owners' assembly in writing in twenty, both with their
 * notices published, through the same verbs staff use. The assembly's ballot request reaches the
 * ballots service, which drafts its ballot. Does nothing when they exist.
 */
export async function seedDemo(deps: Deps): Promise<{ created: boolean } | undefined> {
  const [community] = await deps.db
    .select({ id: dirCommunities.communityId })
    .from(dirCommunities)
    .where(eq(dirCommunities.name, DEMO_COMMUNITY));
  if (!community) return undefined;
  const communityId = community.id;
  if ((await deps.db.$count(dirHoldings, eq(dirHoldings.communityId, communityId))) === 0) {
    return undefined;
  }
  const exists = (title: string) =>
    deps.db.$count(meetings, and(eq(meetings.communityId, communityId), eq(meetings.title, title)));
  const staff: StaffClaims = {
    sub: uuidV5('demo-committee', MEETINGS_NAMESPACE),
    roles: ['committee_admin'],
    communities: [communityId],
    communityRoles: { [communityId]: ['committee_admin'] },
  };
  const now = deps.now();
  const deliberation = '板凳议事：电动车充电桩建在哪里';
  const assembly = '2026年度业主大会（书面表决）';
  let created = false;
  if ((await exists(deliberation)) === 0) {
    const m = await createMeeting(deps, {
      staff,
      communityId,
      input: {
        kind: 'deliberation',
        form: 'in_person',
        title: deliberation,
        description: '居民、业委会、物业和社区一起，坐下来商量充电桩的位置和收费。',
        startsAt: beijingAt(now, 3, 19),
        endsAt: beijingAt(now, 3, 21),
        place: '3号楼前小广场',
        organiser: '幸福里社区党委',
        agenda: [
          { title: '充电桩选址：地下车库还是地面车棚', description: '' },
          { title: '充电收费与电费分摊', description: '' },
        ],
      },
    });
    await publishNotice(deps, { staff, communityId, meetingId: m.id });
    created = true;
  }
  if ((await exists(assembly)) === 0) {
    const m = await createMeeting(deps, {
      staff,
      communityId,
      input: {
        kind: 'owners_assembly',
        form: 'in_writing',
        title: assembly,
        description: '以书面征求意见方式召开，业主通过个人链接或纸质表决票表决。',
        startsAt: beijingAt(now, 20, 9),
        endsAt: beijingAt(now, 34, 18),
        place: '线上表决，纸质表决票投至物业服务中心',
        organiser: '幸福里业主委员会',
        agenda: [
          {
            title: '使用维修资金更换全部楼栋消防门',
            description: '预算38.6万元，从公共维修资金列支。',
            item: 5,
          },
          {
            title: '在地下车库增设电动车充电桩',
            description: '由供电公司出资建设，业主按次付费。',
            item: 8,
          },
        ],
      },
    });
    await publishNotice(deps, { staff, communityId, meetingId: m.id });
    created = true;
  }
  return { created };
}

/** Retries {@link seedDemo} every 2 s until the directory's demo roster has arrived. */
export function seedDemoWhenReady(deps: Deps, intervalMs = 2_000) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    if (stopped) return;
    try {
      const seeded = await seedDemo(deps);
      if (seeded) {
        deps.logger.info({ created: seeded.created }, 'demo meetings in 幸福里');
        return;
      }
    } catch (err) {
      deps.logger.warn({ err }, 'demo meetings failed; retrying');
    }
    timer = setTimeout(() => void attempt(), intervalMs);
  };
  void attempt();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
