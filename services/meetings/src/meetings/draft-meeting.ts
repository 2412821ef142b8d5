import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import type { MeetingForm, MeetingKind } from '@yishi/contracts';
import { checkNoticePeriod } from '@yishi/domain';
import { eq } from 'drizzle-orm';
import { actorName, type Deps } from '../context.ts';
import type { MeetingsTx } from '../db/database.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';
import { isEditable } from '../domain/lifecycle.ts';
import { loadAgenda, loadMeeting } from './load.ts';
import { invalidField, noticeTooShort, wrongState } from './refusals.ts';
import type { AgendaItemInput, CreateMeetingInput, UpdateMeetingInput } from './schemas.ts';
import { meetingView } from './views.ts';

/**
 * An assembly in writing asks for one ballot, which holds at most 20 questions (the ballots
 * service and `meetings.assembly.ballot_requested` both say so).
 */
const MAX_BALLOT_MATTERS = 20;

interface Shape {
  kind: MeetingKind;
  form: MeetingForm;
  startsAt: Date;
  endsAt: Date | null;
  agenda: readonly AgendaItemInput[];
}

/**
 * The rules a meeting's shape must follow, checked on every draft and edit (nothing is written
 * when one fails): only an owners' assembly decides matters of Art. 278 or meets in writing; an
 * assembly in writing has a voting window and at least one matter; an assembly's date leaves 15
 * full days for the notice, counted from now (RULES.md §5).
 */
export function checkShape(shape: Shape, now: Date): void {
  const assembly = shape.kind === 'owners_assembly';
  if (shape.form === 'in_writing' && !assembly) {
    throw invalidField(['form'], {
      zh: '只有业主大会可以书面形式召开',
      en: "Only an owners' assembly can be held in writing",
    });
  }
  if (shape.endsAt && shape.endsAt <= shape.startsAt) {
    throw invalidField(['endsAt'], {
      zh: '结束时间须晚于开始时间',
      en: 'endsAt must be after startsAt',
    });
  }
  if (shape.startsAt <= now) {
    throw invalidField(['startsAt'], {
      zh: '会议时间须在将来',
      en: 'The meeting must be in the future',
    });
  }
  for (const [index, item] of shape.agenda.entries()) {
    if (item.item !== undefined && !assembly) {
      throw invalidField(['agenda', index, 'item'], {
        zh: '只有业主大会表决《民法典》第二百七十八条的事项',
        en: "Only an owners' assembly decides matters of Civil Code Art. 278",
      });
    }
  }
  if (shape.form === 'in_writing') {
    if (!shape.endsAt) {
      throw invalidField(['endsAt'], {
        zh: '书面表决须设定截止时间',
        en: 'An assembly in writing needs endsAt, when voting closes',
      });
    }
    const decisions = shape.agenda.filter((a) => a.item !== undefined).length;
    if (decisions > MAX_BALLOT_MATTERS) {
      throw invalidField(['agenda'], {
        zh: `书面表决的一张表决票最多${MAX_BALLOT_MATTERS}项表决事项，请分次召开或合并议题`,
        en: `One ballot holds at most ${MAX_BALLOT_MATTERS} decision items; split the assembly or merge items`,
      });
    }
    if (decisions === 0) {
      throw invalidField(['agenda'], {
        zh: '书面表决至少需要一项注明第二百七十八条事项的议题',
        en: 'An assembly in writing needs at least one agenda item with its item of Art. 278',
      });
    }
  }
  if (assembly) {
    const check = checkNoticePeriod({ noticeGivenAt: now, votingStartsAt: shape.startsAt });
    if (!check.ok) throw noticeTooShort(check, true);
  }
}

async function writeAgenda(
  tx: MeetingsTx,
  deps: Deps,
  meetingId: string,
  agenda: readonly AgendaItemInput[],
) {
  if (agenda.length === 0) return;
  await tx.insert(agendaItems).values(
    agenda.map((a, index) => ({
      id: deps.newId(),
      meetingId,
      position: index + 1,
      title: a.title,
      description: a.description,
      proposalId: a.proposalId ?? null,
      item: a.item ?? null,
    })),
  );
}

/** Drafts a meeting with its agenda; owners see nothing until the notice is published. */
export async function createMeeting(
  deps: Deps,
  {
    staff,
    communityId,
    input,
  }: { staff: StaffClaims; communityId: string; input: CreateMeetingInput },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  checkShape(input, now);
  const id = deps.newId();
  const { agenda, ...fields } = input;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(meetings)
      .values({
        ...fields,
        id,
        communityId,
        status: 'draft',
        createdBy: actorName({ staffId: staff.sub }),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await writeAgenda(tx, deps, id, agenda);
    return meetingView(row!, await loadAgenda(tx, id));
  });
}

/** Changes a draft; `agenda`, when given, replaces the whole agenda. */
export async function updateMeeting(
  deps: Deps,
  {
    staff,
    communityId,
    meetingId,
    input,
  }: { staff: StaffClaims; communityId: string; meetingId: string; input: UpdateMeetingInput },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const current = await loadMeeting(tx, { communityId, meetingId }, true);
    if (!isEditable(current.status)) throw wrongState(current.status, ['draft']);
    const currentAgenda = await loadAgenda(tx, meetingId);
    const { agenda, ...fields } = input;
    const next = { ...current, ...fields };
    checkShape(
      {
        ...next,
        agenda:
          agenda ??
          currentAgenda.map((a) => ({
            title: a.title,
            description: a.description,
            ...(a.proposalId ? { proposalId: a.proposalId } : {}),
            ...(a.item ? { item: a.item } : {}),
          })),
      },
      now,
    );
    const [row] = await tx
      .update(meetings)
      .set({ ...fields, updatedAt: now })
      .where(eq(meetings.id, meetingId))
      .returning();
    if (agenda) {
      await tx.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId));
      await writeAgenda(tx, deps, meetingId, agenda);
    }
    return meetingView(row!, await loadAgenda(tx, meetingId));
  });
}
