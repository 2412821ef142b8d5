import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { enqueueAll } from '@yishi/bus';
import { notFound, preconditionFailed } from '@yishi/errors';
import { and, eq, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { appendAudit } from '../audit/audit-log.ts';
import { actorName, type Deps } from '../context.ts';
import { rowsOf } from '../db/rows.ts';
import { credentials, electorateHolders, electorateUnits } from '../db/schema/index.ts';
import { credentialIssuedEvents, linkUrl } from './credential-events.ts';
import { loadBallot } from './load.ts';

/**
 * Revokes an owner key's current credential and issues a new one (a lost or leaked link). The
 * old link stops working at once; a ballot already cast with it stays counted.
 */
export async function reissueCredential(
  deps: Deps,
  args: {
    staff: StaffClaims;
    communityId: string;
    ballotId: string;
    holderKey: string;
    reason?: string | undefined;
  },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const now = deps.now();
  const actor = actorName({ staffId: args.staff.sub });
  const reissued = await deps.db.transaction(async (tx) => {
    const ballot = await loadBallot(tx, args, 'exclusive');
    if (!['open', 'extended'].includes(ballot.status)) {
      throw preconditionFailed(
        {
          zh: '只有进行中的表决可以重新发放链接',
          en: 'Links are reissued only while a ballot is open',
        },
        { details: { reason: 'ballot_not_open', status: ballot.status } },
      );
    }
    const [holder] = await tx
      .select()
      .from(electorateHolders)
      .where(
        and(
          eq(electorateHolders.ballotId, ballot.id),
          eq(electorateHolders.holderKey, args.holderKey),
        ),
      );
    if (!holder)
      throw notFound({
        zh: '该业主不在本次表决名册中',
        en: 'No such owner in this ballot’s electorate',
      });
    const revoked = await tx
      .update(credentials)
      .set({ revokedAt: now, revokedBy: actor, revokeReason: args.reason ?? 'reissued' })
      .where(
        and(
          eq(credentials.ballotId, ballot.id),
          eq(credentials.holderKey, args.holderKey),
          isNull(credentials.revokedAt),
        ),
      )
      .returning({ id: credentials.id });
    const id = deps.newId();
    await tx
      .insert(credentials)
      .values({ id, ballotId: ballot.id, holderKey: args.holderKey, issuedAt: now });
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: now,
      actor,
      action: 'credential.reissued',
      details: {
        holderKey: args.holderKey,
        revoked: revoked.map((r) => r.id),
        issued: id,
        reason: args.reason ?? null,
      },
    });
    await enqueueAll(tx, await credentialIssuedEvents(tx, deps, ballot, args.holderKey));
    return {
      credentialId: id,
      holderKey: args.holderKey,
      link: linkUrl(deps, id),
      revoked: revoked.map((r) => r.id),
    };
  });
  deps.wakeRelay();
  return reissued;
}

/** One row per owner key with an active credential: their units, masked phone and link. */
export async function credentialLinks(
  deps: Pick<Deps, 'db' | 'links' | 'publicBaseUrl'>,
  ballotId: string,
) {
  type Row = {
    credential_id: string;
    holder_key: string;
    units: string;
    phone_masked: string | null;
  };
  const rows = rowsOf<Row>(
    await deps.db.execute(sql`
    select c.id as credential_id, c.holder_key,
           (select string_agg(u.building || '-' || u.entrance || '-' || u.room, ', '
                              order by u.building, u.entrance, u.room)
            from ${electorateUnits} u where u.ballot_id = c.ballot_id and u.holder_key = c.holder_key) as units,
           (select o.phone_masked from dir_owners o where o.owner_id = h.voter_id) as phone_masked
    from ${credentials} c
    join ${electorateHolders} h on h.ballot_id = c.ballot_id and h.holder_key = c.holder_key
    where c.ballot_id = ${ballotId}::uuid and c.revoked_at is null
    order by units`),
  );
  return rows.map((r) => ({
    holderKey: r.holder_key,
    units: r.units,
    phoneMasked: r.phone_masked,
    link: linkUrl(deps, r.credential_id),
  }));
}

/**
 * The links of a ballot as an XLSX sheet for the committee (unit numbers, masked phone, link).
 * Whoever holds a link can vote with it, so every export is recorded in the audit log.
 */
export async function exportCredentialLinks(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string },
): Promise<Buffer> {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  if (ballot.status === 'draft') {
    throw preconditionFailed(
      { zh: '表决开始后才有投票链接', en: 'Links exist once the ballot is open' },
      { details: { reason: 'not_opened', status: ballot.status } },
    );
  }
  const links = await credentialLinks(deps, ballot.id);
  await deps.db.transaction(async (tx) => {
    await loadBallot(tx, args, 'exclusive');
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: deps.now(),
      actor: actorName({ staffId: args.staff.sub }),
      action: 'credentials.exported',
      details: { links: links.length },
    });
  });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('投票链接');
  sheet.columns = [
    { header: '房号 Units', key: 'units', width: 28 },
    { header: '手机 Phone', key: 'phoneMasked', width: 14 },
    { header: '投票链接 Link', key: 'link', width: 100 },
  ];
  for (const l of links)
    sheet.addRow({ units: l.units, phoneMasked: l.phoneMasked ?? '', link: l.link });
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
