import type { EventOf, progressSummarized, quorumAtRisk, quorumReached } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, deliveries, type MessageKind } from '../db/schema/index.ts';
import type { BuildingLine, Participation, TemplateParams } from '../templates/templates.ts';
import { communityName } from './community-name.ts';
import { loadStaffRecipients, type StaffRecipient, watchesEstate } from './staff-recipients.ts';

type FlowDeps = Pick<Deps, 'channels' | 'newId' | 'now'>;
type AtRisk = EventOf<typeof quorumAtRisk>;
type Summarized = EventOf<typeof progressSummarized>;
type MatterFigures = AtRisk['payload']['matters'][number];

/** One alert to plan: from one event, to the staff `paramsFor` chooses, with their own parameters. */
export interface StaffAlert {
  sourceId: string;
  communityId: string;
  ballotId: string | null;
  proposalId?: string | null;
  kind: MessageKind;
  /** The parameters for one staff member, or null to leave them out. */
  paramsFor: (staff: StaffRecipient) => TemplateParams | null;
}

/**
 * Writes one delivery per chosen staff member inside the consumer's transaction: on the channel
 * that reaches them, or, when none does, a row `unreachable` on medium `none` that lists them for
 * the committee (`GET …/deliveries?status=unreachable`). `(source_id, recipient, medium)` is
 * unique, so a redelivered event writes nothing. Staff alerts are never urgent: quiet hours apply.
 */
export async function planStaffAlert(tx: NotificationsTx, deps: FlowDeps, alert: StaffAlert) {
  const staff = await loadStaffRecipients(tx, alert.communityId, deps.channels);
  const at = deps.now();
  const rows = staff.flatMap((s) => {
    const params = alert.paramsFor(s);
    if (!params) return [];
    return [
      {
        id: deps.newId(),
        sourceId: alert.sourceId,
        communityId: alert.communityId,
        ballotId: alert.ballotId,
        proposalId: alert.proposalId ?? null,
        kind: alert.kind,
        recipient: s.staffId,
        holderKey: null,
        medium: s.route?.medium ?? ('none' as const),
        address: s.route?.address ?? null,
        locale: s.locale,
        urgent: false,
        params: params as Record<string, string>,
        status: s.route ? ('queued' as const) : ('unreachable' as const),
        lastError: s.route ? null : 'no contact on a configured channel',
        nextAttemptAt: at,
        createdAt: at,
        updatedAt: at,
      },
    ];
  });
  if (rows.length > 0) await tx.insert(deliveries).values(rows).onConflictDoNothing();
}

async function closesAtOf(tx: NotificationsTx, ballotId: string, fallback?: string) {
  const [row] = await tx
    .select({ closesAt: ballots.closesAt })
    .from(ballots)
    .where(eq(ballots.ballotId, ballotId));
  return row?.closesAt.toISOString() ?? fallback;
}

const participationOf = (m: Participation): Participation => ({
  participating: m.participating,
  total: m.total,
  shortfall: m.shortfall,
});

/** The matter furthest from two thirds (most owners missing, then most area): the one to chase. */
export function bindingMatter(matters: readonly MatterFigures[]): MatterFigures {
  return [...matters].sort(
    (a, b) =>
      b.shortfall.headcount - a.shortfall.headcount ||
      Number(b.shortfall.area) - Number(a.shortfall.area) ||
      a.item - b.item,
  )[0]!;
}

/**
 * The building lines a staff member sees: every building for the committee and the Party
 * secretary, a grid worker's own buildings otherwise (none: null), furthest behind first.
 */
function linesFor(
  staff: StaffRecipient,
  matter: MatterFigures,
): { scope: string; lines: BuildingLine[] } | null {
  const all = watchesEstate(staff);
  const buildings = all
    ? matter.buildings
    : matter.buildings.filter((b) => staff.buildingIds.has(b.buildingId));
  if (buildings.length === 0) return null;
  const lines = [...buildings]
    .sort(
      (a, b) =>
        b.shortfall.headcount - a.shortfall.headcount ||
        Number(b.shortfall.area) - Number(a.shortfall.area) ||
        a.building.localeCompare(b.building, 'zh-CN', { numeric: true }),
    )
    .map((b) => ({ building: b.building, ...participationOf(b) }));
  return { scope: all ? 'all' : 'grid', lines };
}

/** A matter reached its quorum: the committee and the Party secretary are told. */
export async function alertQuorumReached(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof quorumReached>,
) {
  const p = event.payload;
  const community = await communityName(tx, event.communityId);
  const closesAt = await closesAtOf(tx, p.ballotId);
  const progress = JSON.stringify({
    participating: p.participating,
    total: p.total,
    shortfall: { area: '0.00', headcount: 0 },
  });
  await planStaffAlert(tx, deps, {
    sourceId: event.id,
    communityId: event.communityId,
    ballotId: p.ballotId,
    kind: 'quorum_reached',
    paramsFor: (s) =>
      watchesEstate(s)
        ? { ...(community ? { community } : {}), ...(closesAt ? { closesAt } : {}), progress }
        : null,
  });
}

/**
 * The close is near and the quorum short: the committee and the Party secretary get the estate's
 * shortfall with every building, each grid worker the shortfall of their own buildings.
 */
export async function alertQuorumAtRisk(tx: NotificationsTx, deps: FlowDeps, event: AtRisk) {
  const p = event.payload;
  const matter = bindingMatter(p.matters);
  const community = await communityName(tx, event.communityId);
  const hoursLeft = String(
    Math.max(0, Math.round((Date.parse(p.closesAt) - Date.parse(p.computedAt)) / 3_600_000)),
  );
  await planStaffAlert(tx, deps, {
    sourceId: event.id,
    communityId: event.communityId,
    ballotId: p.ballotId,
    kind: 'quorum_at_risk',
    paramsFor: (s) => {
      const shown = linesFor(s, matter);
      if (!shown) return null;
      return {
        ...(community ? { community } : {}),
        closesAt: p.closesAt,
        hoursLeft,
        progress: JSON.stringify(participationOf(matter)),
        buildings: JSON.stringify(shown.lines),
        scope: shown.scope,
      };
    },
  });
}

/** The daily summary: the Party secretary gets every building, each grid worker their own. */
export async function summarizeProgress(tx: NotificationsTx, deps: FlowDeps, event: Summarized) {
  const p = event.payload;
  const matter = bindingMatter(p.matters);
  const community = await communityName(tx, event.communityId);
  await planStaffAlert(tx, deps, {
    sourceId: event.id,
    communityId: event.communityId,
    ballotId: p.ballotId,
    kind: 'progress_summary',
    paramsFor: (s) => {
      const secretary = s.roles.includes('party_secretary');
      if (!secretary && !s.roles.includes('grid_worker')) return null;
      const shown = secretary
        ? linesFor({ ...s, roles: ['party_secretary'] }, matter)
        : linesFor({ ...s, roles: ['grid_worker'] }, matter);
      if (!shown) return null;
      return {
        ...(community ? { community } : {}),
        closesAt: p.closesAt,
        day: p.day,
        progress: JSON.stringify(participationOf(matter)),
        buildings: JSON.stringify(shown.lines),
        scope: shown.scope,
      };
    },
  });
}
