import { insertColumns } from '@yishi/db';
import { sql } from 'drizzle-orm';
import type { Channels } from '../channels/channel.ts';
import type { NotificationsConfig } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import type { DeliveryStatus, Medium, MessageKind } from '../db/schema/index.ts';
import type { TemplateParams } from '../templates/templates.ts';
import { type Contact, loadContacts, routeOf } from './recipients.ts';

/** One owner key in a ballot, with whom it is made of. */
export interface Holder {
  holderKey: string;
  voterId: string;
  memberIds: string[];
}

/** What the flow sends: one kind, from one source, about one ballot, meeting or proposal. */
export interface Announcement {
  sourceId: string;
  communityId: string;
  ballotId: string | null;
  meetingId?: string | null;
  proposalId?: string | null;
  kind: MessageKind;
  urgent: boolean;
  /** Per-holder parameters (the personal link, …). */
  params: (holder: Holder) => TemplateParams;
  /**
   * `voter`: one message per owner key, to the voting co-owner or the first reachable member
   * (a personal link is a bearer secret: it goes to one person); unreachable keys get a printed
   * letter when `letters` is set. `members`: every reachable member is told.
   */
  to: 'voter' | 'members';
  letters: boolean;
}

interface PlannedRow {
  recipient: string;
  holderKey: string;
  medium: Medium;
  address: string | null;
  locale: 'zh-CN' | 'en';
  params: TemplateParams;
  status: DeliveryStatus;
}

/** Decides who gets what on which medium; pure, given the contacts. */
export function planRows(
  a: Pick<Announcement, 'params' | 'to' | 'letters'>,
  holders: readonly Holder[],
  contacts: ReadonlyMap<string, Contact>,
  channels: Channels,
  inboxEnabled: boolean,
): PlannedRow[] {
  const rows: PlannedRow[] = [];
  for (const holder of holders) {
    const params = a.params(holder);
    const order = [holder.voterId, ...holder.memberIds.filter((id) => id !== holder.voterId)];
    const locale = contacts.get(holder.voterId)?.locale ?? 'zh-CN';
    const targets = a.to === 'voter' ? order : holder.memberIds;
    let reached = false;
    for (const ownerId of targets) {
      const contact = contacts.get(ownerId);
      const route = routeOf(contact, channels);
      if (!route) continue;
      reached = true;
      rows.push({
        recipient: ownerId,
        holderKey: holder.holderKey,
        ...route,
        locale: contact?.locale ?? 'zh-CN',
        params,
        status: 'queued',
      });
      if (a.to === 'voter') break;
    }
    if (!reached && a.letters) {
      rows.push({
        recipient: holder.holderKey,
        holderKey: holder.holderKey,
        medium: 'letter',
        address: null,
        locale,
        params,
        status: 'to_print',
      });
    }
    if (inboxEnabled) {
      rows.push({
        recipient: holder.holderKey,
        holderKey: holder.holderKey,
        medium: 'inbox',
        address: holder.holderKey,
        locale,
        params,
        status: 'queued',
      });
    }
  }
  return rows;
}

const deliveryColumns = [
  ['id', 'uuid'],
  ['source_id', 'uuid'],
  ['community_id', 'uuid'],
  ['ballot_id', 'uuid'],
  ['meeting_id', 'uuid'],
  ['proposal_id', 'uuid'],
  ['kind', 'text'],
  ['recipient', 'text'],
  ['holder_key', 'text'],
  ['medium', 'text'],
  ['address', 'text'],
  ['locale', 'text'],
  ['urgent', 'boolean'],
  ['params', 'jsonb'],
  ['status', 'text'],
  ['next_attempt_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;

/** Deps of planning. */
type PlanDeps = {
  channels: Channels;
  config: NotificationsConfig;
  newId: () => string;
  now: () => Date;
};

/**
 * Plans and writes the deliveries of an announcement inside the caller's transaction (the
 * consumer's, which also records the event). `(source_id, recipient, medium)` is unique, so
 * planning the same source twice writes nothing the second time. Returns the rows written.
 */
export function planDeliveries(
  tx: NotificationsTx,
  deps: PlanDeps,
  a: Announcement,
  holders: readonly Holder[],
): Promise<number> {
  return planAnnouncements(tx, deps, [{ announcement: a, holders }]);
}

/**
 * {@link planDeliveries} for many announcements at once (a consumer's batch of events): one
 * contacts lookup for all their holders, and multi-row inserts of 5,000 rows.
 */
export async function planAnnouncements(
  tx: NotificationsTx,
  deps: PlanDeps,
  items: readonly { announcement: Announcement; holders: readonly Holder[] }[],
): Promise<number> {
  const memberIds = items.flatMap((i) => i.holders.flatMap((h) => h.memberIds));
  if (memberIds.length === 0 && items.every((i) => i.holders.length === 0)) return 0;
  const contacts = await loadContacts(tx, memberIds);
  const at = deps.now().toISOString();
  const cells = items.flatMap(({ announcement: a, holders }) =>
    planRows(a, holders, contacts, deps.channels, deps.config.inboxEnabled).map((r) => [
      deps.newId(),
      a.sourceId,
      a.communityId,
      a.ballotId,
      a.meetingId ?? null,
      a.proposalId ?? null,
      a.kind,
      r.recipient,
      r.holderKey,
      r.medium,
      r.address,
      r.locale,
      a.urgent,
      JSON.stringify(r.params),
      r.status,
      at,
      at,
      at,
    ]),
  );
  let written = 0;
  for (let start = 0; start < cells.length; start += 5_000) {
    const chunk = cells.slice(start, start + 5_000);
    const result = await tx.execute(
      sql`${insertColumns('deliveries', deliveryColumns, chunk)} on conflict do nothing`,
    );
    written += affected(result, chunk.length);
  }
  return written;
}

/** Rows an INSERT wrote, from either driver's answer. */
function affected(result: unknown, fallback: number): number {
  const r = result as { count?: number; affectedRows?: number };
  return r.count ?? r.affectedRows ?? fallback;
}
