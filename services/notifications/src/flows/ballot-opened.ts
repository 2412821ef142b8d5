import type { credentialIssued, EventOf } from '@yishi/contracts';
import { inArray, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';
import { ballots, communities } from '../db/schema/index.ts';
import { tokenHash, tokenOf } from './link-token.ts';
import { type Announcement, type Holder, planAnnouncements } from './plan.ts';

type CredentialIssued = EventOf<typeof credentialIssued>;
type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/**
 * A credential was issued: keep the owner key's current link, and send it. The first link of an
 * owner key is the ballot-opened message; a later one (re-issued) says the old link is void. An
 * older event arriving after a newer one changes nothing; a ballot that is no longer open (a
 * replay of old events) sends nothing.
 */
export function announceLink(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: CredentialIssued,
): Promise<void> {
  return announceLinks(tx, deps, [event]);
}

/**
 * {@link announceLink} for a consumer's batch, set-based: one statement each for the ballots,
 * the links, the ballot states, the community names, the contacts and the deliveries. Events of
 * the same owner key are applied in their order, as if one by one.
 */
export async function announceLinks(
  tx: NotificationsTx,
  deps: FlowDeps,
  events: readonly CredentialIssued[],
): Promise<void> {
  if (events.length === 0) return;
  const firstOfBallot = new Map(events.map((e) => [e.payload.ballotId, e] as const).reverse());
  await tx
    .insert(ballots)
    .values(
      [...firstOfBallot.values()].map(({ payload: p, occurredAt }) => ({
        ballotId: p.ballotId,
        communityId: p.communityId,
        status: 'open' as const,
        opensAt: new Date(p.opensAt),
        closesAt: new Date(p.closesAt),
        updatedAt: new Date(occurredAt),
      })),
    )
    .onConflictDoNothing();
  const written: { event: CredentialIssued; reissued: boolean }[] = [];
  for (const round of roundsByOwnerKey(events)) written.push(...(await writeLinks(tx, round)));
  if (written.length === 0) return;

  const ballotIds = [...new Set(written.map((w) => w.event.payload.ballotId))];
  const states = await tx
    .select({ ballotId: ballots.ballotId, status: ballots.status, closesAt: ballots.closesAt })
    .from(ballots)
    .where(inArray(ballots.ballotId, ballotIds));
  const now = deps.now().getTime();
  const open = new Map(
    states
      .filter((b) => ['open', 'extended'].includes(b.status) && b.closesAt.getTime() > now)
      .map((b) => [b.ballotId, b.closesAt]),
  );
  const toSend = written.filter((w) => open.has(w.event.payload.ballotId));
  if (toSend.length === 0) return;
  const names = await communityNames(
    tx,
    toSend.map((w) => w.event.payload.communityId),
  );
  await planAnnouncements(
    tx,
    deps,
    toSend.map(({ event, reissued }) => {
      const p = event.payload;
      const community = names.get(p.communityId);
      const closesAt = open.get(p.ballotId)!.toISOString();
      const announcement: Announcement = {
        sourceId: event.id,
        communityId: p.communityId,
        ballotId: p.ballotId,
        kind: reissued ? 'link_reissued' : 'ballot_opened',
        urgent: false,
        to: 'voter',
        letters: true,
        params: () => ({ ...(community ? { community } : {}), link: p.linkUrl, closesAt }),
      };
      const holder: Holder = { holderKey: p.holderKey, voterId: p.voterId, memberIds: p.memberIds };
      return { announcement, holders: [holder] };
    }),
  );
}

/**
 * Splits events so that no owner key appears twice in one upsert (PostgreSQL refuses to update
 * a row twice in one statement): the n-th event of each key goes into the n-th round.
 */
function roundsByOwnerKey(events: readonly CredentialIssued[]): CredentialIssued[][] {
  const rounds: CredentialIssued[][] = [];
  const seen = new Map<string, number>();
  for (const e of events) {
    const key = `${e.payload.ballotId} ${e.payload.holderKey}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n === rounds.length) rounds.push([]);
    rounds[n]!.push(e);
  }
  return rounds;
}

/** Upserts the links (distinct owner keys); returns the events whose link is now current. */
async function writeLinks(tx: NotificationsTx, events: readonly CredentialIssued[]) {
  // PostgreSQL answers uuids in lower case.
  const keyOf = (ballotId: string, holderKey: string) => `${ballotId.toLowerCase()} ${holderKey}`;
  const byKey = new Map(events.map((e) => [keyOf(e.payload.ballotId, e.payload.holderKey), e]));
  const rows = events.map(({ payload: p, occurredAt }) => {
    const token = tokenOf(p.linkUrl);
    if (!token) throw new Error('credential.issued carries a link without a token');
    // member_ids travels as one array literal per row: unnest would flatten a uuid[][].
    const members = `{${p.memberIds.join(',')}}`;
    return [
      p.ballotId,
      p.holderKey,
      p.communityId,
      p.voterId,
      members,
      p.linkUrl,
      tokenHash(token),
      occurredAt,
    ];
  });
  const column = (i: number, type: string) =>
    sql`${sql.param(rows.map((r) => r[i]))}::text[]::${sql.raw(type)}[]`;
  // One parameter per column (unnest), so no per-row SQL is built; `xmax <> 0` tells an update
  // from an insert: the owner key had a link before (a re-issue).
  const result = await tx.execute(sql`
    insert into voting_links
      (ballot_id, holder_key, community_id, voter_id, member_ids, link_url, token_hash, issued_at)
    select ballot_id, holder_key, community_id, voter_id, member_ids::uuid[], link_url, token_hash,
      issued_at
    from unnest(${column(0, 'uuid')}, ${column(1, 'text')}, ${column(2, 'uuid')},
      ${column(3, 'uuid')}, ${column(4, 'text')}, ${column(5, 'text')}, ${column(6, 'text')},
      ${column(7, 'timestamptz')})
      as v(ballot_id, holder_key, community_id, voter_id, member_ids, link_url, token_hash, issued_at)
    on conflict (ballot_id, holder_key) do update set
      community_id = excluded.community_id, voter_id = excluded.voter_id,
      member_ids = excluded.member_ids, link_url = excluded.link_url,
      token_hash = excluded.token_hash, issued_at = excluded.issued_at
      where excluded.issued_at >= voting_links.issued_at
    returning ballot_id as "ballotId", holder_key as "holderKey", xmax <> 0 as reissued`);
  return rowsOf<{ ballotId: string; holderKey: string; reissued: boolean }>(result).map((r) => ({
    event: byKey.get(keyOf(r.ballotId, r.holderKey))!,
    reissued: r.reissued,
  }));
}

/** The communities' names for the greeting, where the directory has told us. */
async function communityNames(tx: NotificationsTx, ids: readonly string[]) {
  const rows = await tx
    .select({ communityId: communities.communityId, name: communities.name })
    .from(communities)
    .where(inArray(communities.communityId, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.communityId, r.name]));
}
