import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { agendaItemDecided, type DecisionOutcome, minutesPublished } from '@yishi/contracts';
import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';
import { type CountedFigures, evaluateFigures } from '../domain/figures.ts';
import { decide } from '../domain/lifecycle.ts';
import { type AgendaItemRow, loadAgenda, loadMeeting, type MeetingRow } from './load.ts';
import { invalidField, wrongState } from './refusals.ts';
import { communityTotals } from './roster.ts';
import type { MinutesInput } from './schemas.ts';
import { meetingView } from './views.ts';

const figureProblems = {
  bad_area: { zh: '面积格式有误', en: 'An area is not a decimal with two decimals' },
  exceeds_total: {
    zh: '参与表决的面积或人数超过全体业主',
    en: 'More area or owners took part than the community has',
  },
  agree_exceeds_participating: {
    zh: '同意的面积或人数超过参与表决的',
    en: 'More area or owners agreed than took part',
  },
} as const;

/** An item the assembly's ballot decides (it has a matter in the ballot), whatever the minutes say. */
const decidedByBallot = (row: AgendaItemRow) =>
  row.decisionSource === 'ballot' || row.matterId !== null;

interface PlannedDecision {
  row: AgendaItemRow;
  text: string;
  outcome: DecisionOutcome | null;
  figures: CountedFigures | null;
}

/**
 * Checks every decision of the minutes against the agenda before anything is written. An item an
 * assembly held in person decides by Art. 278 needs its counted figures, from which the outcome
 * follows; an item decided by the ballot keeps the ballot's outcome.
 */
async function planDecisions(
  deps: Deps,
  meeting: MeetingRow,
  agenda: AgendaItemRow[],
  decisions: MinutesInput['decisions'],
): Promise<PlannedDecision[]> {
  const byId = new Map(agenda.map((a) => [a.id, a]));
  const countsFigures = meeting.kind === 'owners_assembly' && meeting.form === 'in_person';
  const totals = countsFigures ? await communityTotals(deps.db, meeting.communityId) : undefined;
  return decisions.map((d, index) => {
    const at = (field: string) => ['decisions', index, field];
    const row = byId.get(d.agendaItemId);
    if (!row) {
      throw invalidField(at('agendaItemId'), {
        zh: '该议题不在本次会议的议程中',
        en: 'This agenda item is not on the meeting’s agenda',
      });
    }
    // An item of an assembly in writing is decided by its ballot alone, also before its result
    // arrives: an outcome written here would stand in for the owners' vote.
    if (decidedByBallot(row)) {
      if (d.outcome !== undefined || d.figures !== undefined) {
        throw invalidField(at('outcome'), {
          zh: '该议题由表决结果决定，不能在纪要中更改',
          en: 'This item was decided by its ballot; the minutes cannot change it',
        });
      }
      return { row, text: d.text, outcome: row.outcome, figures: row.figures };
    }
    if (countsFigures && row.item !== null) {
      if (!d.figures || !totals) {
        throw invalidField(at('figures'), {
          zh: '业主大会现场表决的事项须填写计票结果',
          en: 'An item decided in person needs its counted figures',
        });
      }
      const check = evaluateFigures(
        row.item,
        { totalArea: totals.area, totalHeadcount: totals.headcount },
        d.figures,
      );
      if (!check.ok) throw invalidField(at('figures'), figureProblems[check.reason]);
      const outcome = check.figures.passed ? 'decided' : 'not_decided';
      if (d.outcome !== undefined && d.outcome !== outcome) {
        throw invalidField(at('outcome'), {
          zh: `按计票结果，该事项${outcome === 'decided' ? '已形成决定' : '未形成决定'}`,
          en: `By the counted figures the outcome is ${outcome}`,
        });
      }
      return { row, text: d.text, outcome, figures: check.figures };
    }
    if (d.figures !== undefined) {
      throw invalidField(at('figures'), {
        zh: '只有业主大会现场表决的事项填写计票结果',
        en: "Figures belong to items an owners' assembly decides in person",
      });
    }
    return { row, text: d.text, outcome: d.outcome ?? null, figures: null };
  });
}

/** Writes (or rewrites) the minutes of a held meeting; owners see them once published. */
export async function writeMinutes(
  deps: Deps,
  {
    staff,
    communityId,
    meetingId,
    input,
  }: { staff: StaffClaims; communityId: string; meetingId: string; input: MinutesInput },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, { communityId, meetingId }, true);
    if (meeting.status !== 'held') throw wrongState(meeting.status, ['held']);
    const agenda = await loadAgenda(tx, meetingId);
    const planned = await planDecisions(deps, meeting, agenda, input.decisions);
    for (const p of planned) {
      const fromBallot = decidedByBallot(p.row);
      await tx
        .update(agendaItems)
        .set(
          fromBallot
            ? { decisionText: p.text }
            : {
                outcome: p.outcome,
                figures: p.figures,
                decisionText: p.text,
                decisionSource: 'minutes',
                decidedAt: now,
              },
        )
        .where(eq(agendaItems.id, p.row.id));
    }
    const [row] = await tx
      .update(meetings)
      .set({ minutesText: input.text, updatedAt: now })
      .where(eq(meetings.id, meetingId))
      .returning();
    return meetingView(row!, await loadAgenda(tx, meetingId));
  });
}

/**
 * Publishes the minutes and decisions to owners; each decision the minutes took is announced
 * (`meetings.agenda_item.decided`), as is the publication.
 */
export async function publishMinutes(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, { communityId, meetingId }, true);
    const decision = decide(meeting.status, { type: 'publish_minutes' });
    if (!decision.ok) throw wrongState(meeting.status, decision.allowedFrom);
    if (!meeting.minutesText) {
      throw preconditionFailed(
        { zh: '请先填写会议纪要', en: 'Write the minutes first' },
        { details: { reason: 'minutes_missing' } },
      );
    }
    const agenda = await loadAgenda(tx, meetingId);
    const [row] = await tx
      .update(meetings)
      .set({ status: decision.next, minutesPublishedAt: now, updatedAt: now })
      .where(eq(meetings.id, meetingId))
      .returning();
    const base = { communityId, aggregateId: meetingId };
    for (const a of agenda) {
      if (a.decisionSource !== 'minutes' || !a.outcome || !a.decidedAt) continue;
      await enqueue(
        tx,
        agendaItemDecided,
        {
          ...base,
          payload: {
            meetingId,
            agendaItemId: a.id,
            proposalId: a.proposalId,
            item: a.item,
            outcome: a.outcome,
            source: 'minutes',
            ballotId: null,
            matterId: null,
            decidedAt: a.decidedAt.toISOString(),
          },
        },
        deps,
      );
    }
    await enqueue(
      tx,
      minutesPublished,
      {
        ...base,
        payload: {
          meetingId,
          kind: meeting.kind,
          publishedAt: now.toISOString(),
          decisions: agenda.map((a) => ({
            agendaItemId: a.id,
            proposalId: a.proposalId,
            outcome: a.outcome,
          })),
        },
      },
      deps,
    );
    return meetingView(row!, agenda);
  });
  deps.wakeRelay();
  return result;
}
