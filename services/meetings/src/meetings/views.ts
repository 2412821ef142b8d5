import type { DecisionOutcome } from '@yishi/contracts';
import type { AgendaItemRow, MeetingRow } from './load.ts';
import type { MeetingView } from './schemas.ts';

const outcomeLabels: Record<DecisionOutcome, { zh: string; en: string }> = {
  decided: { zh: '已形成决定', en: 'A decision was formed' },
  not_decided: { zh: '未形成决定', en: 'No decision was formed' },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function agendaItemView(row: AgendaItemRow) {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    description: row.description,
    proposalId: row.proposalId,
    item: row.item,
    matterId: row.matterId,
    decision:
      row.decisionSource && row.decidedAt
        ? {
            outcome: row.outcome,
            label: row.outcome ? outcomeLabels[row.outcome] : null,
            source: row.decisionSource,
            text: row.decisionText ?? '',
            figures: row.figures,
            decidedAt: row.decidedAt.toISOString(),
          }
        : null,
  };
}

/** The committee's view of a meeting. */
export function meetingView(row: MeetingRow, agenda: AgendaItemRow[]): MeetingView {
  return {
    id: row.id,
    communityId: row.communityId,
    kind: row.kind,
    form: row.form,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    endsAt: iso(row.endsAt),
    place: row.place,
    organiser: row.organiser,
    status: row.status,
    noticePublishedAt: iso(row.noticePublishedAt),
    heldAt: iso(row.heldAt),
    minutes: row.minutesText,
    minutesPublishedAt: iso(row.minutesPublishedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    ballotId: row.ballotId,
    ballotResultPublished:
      row.ballotResultPublishedFrom && row.ballotResultPublishedUntil
        ? {
            from: row.ballotResultPublishedFrom.toISOString(),
            until: row.ballotResultPublishedUntil.toISOString(),
          }
        : null,
    agenda: agenda.map(agendaItemView),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * What owners see: the notice and agenda; the minutes and the decisions they took once the
 * minutes are published; a decision of the assembly's ballot once the ballot's result is
 * published (公示), as the ballots service shows it: until then the result may still be certified
 * again.
 */
export function ownerMeetingView(row: MeetingRow, agenda: AgendaItemRow[]): MeetingView {
  const view = meetingView(row, agenda);
  const minutesPublished = row.status === 'minutes_published';
  const visible = {
    ballot: row.ballotResultPublishedFrom !== null,
    minutes: minutesPublished,
  };
  return {
    ...view,
    minutes: minutesPublished ? view.minutes : null,
    agenda: view.agenda.map((a) =>
      a.decision && !visible[a.decision.source] ? { ...a, decision: null } : a,
    ),
  };
}
