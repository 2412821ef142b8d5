import type { StaffClaims } from '@yishi/auth';
import { and, eq } from 'drizzle-orm';
import { actorName, type Deps } from '../context.ts';
import { dirCommunities, dirHoldings, meetings } from '../db/schema/index.ts';
import { MEETINGS_NAMESPACE, uuidV5 } from '../domain/ids.ts';
import { createMeeting, updateMeeting } from '../meetings/draft-meeting.ts';
import { publishNotice } from '../meetings/notice.ts';
import type { CreateMeetingInput } from '../meetings/schemas.ts';

const DEMO_COMMUNITY = '幸福里';
const DAY = 86_400_000;

/** When `now` is, at `hour`:00 Beijing time `days` days later. */
function beijingAt(now: Date, days: number, hour: number) {
  const day = Math.floor((now.getTime() + 8 * 3_600_000) / DAY) + days;
  return new Date(day * DAY + (hour - 8) * 3_600_000);
}

/** One meeting of the demo, its dates counted from `now`. */
export interface DemoMeeting {
  key: 'deliberation' | 'assembly';
  input: (now: Date) => CreateMeetingInput;
}

export const demoMeetings: readonly DemoMeeting[] = [
  {
    key: 'deliberation',
    input: (now) => ({
      kind: 'deliberation',
      form: 'in_person',
      title: '板凳议事：电动车充电桩建在哪里',
      description: '居民、业委会、物业和社区一起，坐下来商量充电桩的位置和收费。',
      startsAt: beijingAt(now, 3, 19),
      endsAt: beijingAt(now, 3, 21),
      place: '3号楼前小广场',
      organiser: '幸福里社区党委',
      agenda: [
        { title: '充电桩选址：地下车库还是地面车棚', description: '' },
        { title: '充电收费与电费分摊', description: '' },
      ],
    }),
  },
  {
    key: 'assembly',
    input: (now) => ({
      kind: 'owners_assembly',
      form: 'in_writing',
      title: '2026年度业主大会（书面表决）',
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
    }),
  },
];

/**
 * The id of a demo meeting, derived from the community: the primary key then makes a second one
 * impossible, across restarts and replicas alike (like the ballots' demo seed).
 */
export const demoMeetingId = (communityId: string, key: DemoMeeting['key']) =>
  uuidV5(`demo:${communityId}:meeting:${key}`, MEETINGS_NAMESPACE);

/** The committee member the demo acts as, in `communityId`. */
export function demoStaff(communityId: string): StaffClaims {
  return {
    sub: uuidV5('demo-committee', MEETINGS_NAMESPACE),
    roles: ['committee_admin'],
    communities: [communityId],
    communityRoles: { [communityId]: ['committee_admin'] },
  };
}

const statusOf = async (deps: Deps, id: string) =>
  (await deps.db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, id)))[0]
    ?.status;

/**
 * Brings one demo meeting to "notice published", from wherever an earlier run (of this replica or
 * another) left it: absent → drafted under its fixed id; a draft → its dates moved to the current
 * schedule (a draft left by a crash may be too late for its notice) and the notice published;
 * published or beyond → nothing. Returns whether this call changed anything.
 */
async function seedMeeting(deps: Deps, communityId: string, demo: DemoMeeting) {
  const staff = demoStaff(communityId);
  const id = demoMeetingId(communityId, demo.key);
  let status = await statusOf(deps, id);
  let changed = false;
  if (status === undefined) {
    const input = demo.input(deps.now());
    // Seeded before ids were derived: that meeting is the demo's.
    const legacy = await deps.db.$count(
      meetings,
      and(
        eq(meetings.communityId, communityId),
        eq(meetings.title, input.title),
        eq(meetings.createdBy, actorName({ staffId: staff.sub })),
      ),
    );
    if (legacy > 0) return false;
    // createMeeting takes the meeting's id first from newId (then its agenda items' ids).
    let first = true;
    const newId = () => {
      if (!first) return deps.newId();
      first = false;
      return id;
    };
    try {
      const view = await createMeeting({ ...deps, newId }, { staff, communityId, input });
      if (view.id !== id) throw new Error(`demo meeting drafted as ${view.id}, not ${id}`);
      changed = true;
    } catch (error) {
      // Another replica drafted it at the same moment (primary key): its draft stands.
      if ((await statusOf(deps, id)) === undefined) throw error;
    }
    status = await statusOf(deps, id);
  }
  if (status !== 'draft') return changed;
  try {
    if (!changed) {
      const { startsAt, endsAt } = demo.input(deps.now());
      await updateMeeting(deps, { staff, communityId, meetingId: id, input: { startsAt, endsAt } });
    }
    await publishNotice(deps, { staff, communityId, meetingId: id });
    return true;
  } catch (error) {
    // Another replica published it first: done. Still a draft: the next attempt tries again.
    if ((await statusOf(deps, id)) === 'draft') throw error;
    return changed;
  }
}

/**
 * Seeds the demo community 幸福里 (once its roster reached the projection): a deliberation
 * meeting (板凳议事) in three days and an owners' assembly in writing in twenty, both with their
 * notices published, through the same verbs staff use. The assembly's ballot request reaches the
 * ballots service, which drafts its ballot. Idempotent under ids derived from the community: two
 * replicas seed one set, and a run interrupted between drafting and publishing is finished by the
 * next. `created` says whether this call drafted or published anything.
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
  let created = false;
  for (const demo of demoMeetings) {
    if (await seedMeeting(deps, communityId, demo)) created = true;
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
