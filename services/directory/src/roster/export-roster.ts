import type { StaffClaims } from '@yishi/auth';
import { eq } from 'drizzle-orm';
import { communities } from '../db/schema/index.ts';
import {
  type RosterRow,
  rosterTemplateXlsx,
  writeRosterCsv,
  writeRosterXlsx,
} from '../roster-file/index.ts';
import type { RosterCtx } from './context.ts';
import { loadCurrentRoster } from './current-roster.ts';
import { RosterIndex } from './roster-index.ts';
import { assertManagesRoster, loadViewer } from './viewer.ts';

export interface RosterFile {
  /** A file name in Chinese, e.g. "业主名册-幸福小区-2025-03-01.xlsx". */
  fileName: string;
  contentType: string;
  body: Uint8Array;
}

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** The current roster in the template's columns: re-importing it changes nothing. */
export async function exportRoster(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string; format: 'xlsx' | 'csv' },
): Promise<RosterFile> {
  assertManagesRoster(await loadViewer(ctx.db, input.claims, input.communityId));
  const [[community], roster] = await Promise.all([
    ctx.db
      .select({ name: communities.name })
      .from(communities)
      .where(eq(communities.id, input.communityId)),
    loadCurrentRoster(ctx.db, input.communityId),
  ]);
  const rows = rosterRows(new RosterIndex(roster));
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(ctx.now());
  return {
    fileName: `业主名册-${community?.name ?? ''}-${day}.${input.format}`,
    contentType: CONTENT_TYPES[input.format],
    body:
      input.format === 'xlsx'
        ? await writeRosterXlsx(rows)
        : new TextEncoder().encode(writeRosterCsv(rows)),
  };
}

/** The roster template with instructions (any staff member who manages the roster). */
export async function rosterTemplate(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string },
): Promise<RosterFile> {
  assertManagesRoster(await loadViewer(ctx.db, input.claims, input.communityId));
  return {
    fileName: '业主名册模板.xlsx',
    contentType: CONTENT_TYPES.xlsx,
    body: await rosterTemplateXlsx(),
  };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Every unit with a holder, as file rows: the voting co-owner as owner, the others by name. */
export function rosterRows(index: RosterIndex): Omit<RosterRow, 'row'>[] {
  const rows: Omit<RosterRow, 'row'>[] = [];
  for (const unit of index.roster.units) {
    const ownership = index.ownershipByUnit.get(unit.id);
    const holder = ownership && index.holdersById.get(ownership.holderId);
    if (!ownership || !holder) continue;
    const [voter, ...others] = index.membersOf(holder);
    if (!voter) continue;
    rows.push({
      building: index.buildingName(unit),
      entrance: unit.entrance,
      room: unit.room,
      floor: unit.floor,
      kind: unit.kind,
      area: unit.area,
      areaBasis: unit.areaBasis,
      owner: { name: voter.name, kind: voter.kind, phone: voter.phone, idLast4: voter.idLast4 },
      coOwners: others.map((o) => o.name),
      developerUnsold: ownership.developerUnsold,
    });
  }
  return rows.sort(
    (a, b) =>
      collator.compare(a.building, b.building) ||
      collator.compare(a.entrance, b.entrance) ||
      collator.compare(a.room, b.room),
  );
}

/** `attachment` with an ASCII fallback and the real name as RFC 5987 `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/gu, '_').replace(/["\\]/gu, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/gu,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
