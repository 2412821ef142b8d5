import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { notFound, preconditionFailed } from '@yishi/errors';
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { appendAudit } from '../audit/audit-log.ts';
import { actorName, type Deps } from '../context.ts';
import { rowsOf } from '../db/rows.ts';
import { linkUrl } from './credential-events.ts';
import { loadBallot } from './load.ts';

/** One printed card: an owner key's units in walking order and their personal link. */
export interface QrCard {
  holderKey: string;
  units: { building: string; entrance: string; room: string }[];
  link: string;
}

/**
 * The QR code of a link as inline SVG. Level M survives a crease or a smudge on paper; the margin
 * is the quiet zone scanners need.
 */
export const qrSvg = (link: string): Promise<string> =>
  QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

// Walking order as in the non-voters list: building number, entrance, floor, room.
const buildingNo = sql`coalesce(substring(u.building from '^[0-9]{1,9}')::int, 2147483647)`;
const floorNo = sql`coalesce(u.floor, -2147483648)`;

/**
 * The active credentials of a ballot with their units, one card per owner key, in the walking
 * order of each key's first unit in scope. With `buildingId`, only keys holding a unit there, and
 * only those units are shown (the card goes into that building's letterboxes).
 */
export async function qrCards(
  deps: Pick<Deps, 'db' | 'links' | 'publicBaseUrl'>,
  ballotId: string,
  buildingId?: string,
): Promise<QrCard[]> {
  type Row = {
    credential_id: string;
    holder_key: string;
    building: string;
    entrance: string;
    room: string;
  };
  const rows = rowsOf<Row>(
    await deps.db.execute(sql`
    select c.id as credential_id, c.holder_key, u.building, u.entrance, u.room
    from credentials c
    join electorate_units u on u.ballot_id = c.ballot_id and u.holder_key = c.holder_key
    where c.ballot_id = ${ballotId}::uuid and c.revoked_at is null
      ${buildingId === undefined ? sql`` : sql`and u.building_id = ${buildingId}::uuid`}
    order by ${buildingNo}, u.building, u.entrance, ${floorNo}, u.room, u.unit_id`),
  );
  const cards = new Map<string, QrCard>();
  for (const r of rows) {
    let card = cards.get(r.holder_key);
    if (!card) {
      card = { holderKey: r.holder_key, units: [], link: linkUrl(deps, r.credential_id) };
      cards.set(r.holder_key, card);
    }
    card.units.push({ building: r.building, entrance: r.entrance, room: r.room });
  }
  return [...cards.values()];
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** `2026-03-15 18:00` as read on a wall clock in China. */
export function shanghaiTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const unitLabel = (u: QrCard['units'][number]) => `${u.building}栋 ${u.entrance}单元 ${u.room}室`;

const style = `
  @page { size: A4; margin: 10mm; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #000; }
  .sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
  .card { border: 1px dashed #666; padding: 5mm; break-inside: avoid; page-break-inside: avoid; height: 132mm; }
  .card:nth-child(4n) { break-after: page; page-break-after: always; }
  .units { font-size: 16pt; font-weight: bold; margin: 0 0 2mm; }
  .title { font-size: 12pt; margin: 0 0 1mm; }
  .closes { font-size: 10pt; margin: 0 0 2mm; }
  .qr { width: 55mm; height: 55mm; margin: 0 auto; display: block; }
  .qr svg { width: 100%; height: 100%; }
  .link { font-family: monospace; font-size: 7pt; word-break: break-all; margin: 2mm 0; }
  .help { font-size: 9pt; margin: 0; padding-left: 5mm; }
  .toolbar { padding: 4mm; }
  @media print { .toolbar { display: none; } }
`;

function cardHtml(card: QrCard, svg: string, title: string, closes: string): string {
  return `<section class="card" data-holder="${escapeHtml(card.holderKey)}">
<p class="units">${card.units.map((u) => escapeHtml(unitLabel(u))).join('、')}</p>
<p class="title">表决事项：${escapeHtml(title)}</p>
<p class="closes">截止时间：${escapeHtml(closes)}（北京时间）</p>
<div class="qr">${svg}</div>
<p class="link">${escapeHtml(card.link)}</p>
<ol class="help">
<li>用手机扫码投票（也可在浏览器中输入上面的链接）。</li>
<li>此链接仅供本户使用，请勿转给他人。</li>
<li>投票成功后请保存回执码，可在公示时核对您的投票已计入。</li>
</ol>
</section>`;
}

/** The self-contained printable page: A4, four cards a page, nothing fetched from elsewhere. */
export async function qrSheetHtml(
  ballot: { title: string; closesAt: Date },
  cards: readonly QrCard[],
): Promise<string> {
  const closes = shanghaiTime(ballot.closesAt);
  const body: string[] = [];
  for (const card of cards) body.push(cardHtml(card, await qrSvg(card.link), ballot.title, closes));
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(ballot.title)} · 投票二维码</title><style>${style}</style></head>
<body>
<div class="toolbar">共 ${cards.length} 户。打印时请选择 A4 纸、不缩放。</div>
<main class="sheet">
${body.join('\n')}
</main>
</body>
</html>`;
}

/**
 * The printable QR sheet of a ballot's links for letters and door-to-door visits, for the whole
 * electorate or one building. Unit numbers only: never names or phones. Whoever holds a card can
 * vote with it, so every print is recorded in the audit log.
 */
export async function qrSheet(
  deps: Deps,
  args: { staff: StaffClaims; communityId: string; ballotId: string; buildingId?: string },
): Promise<string> {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  if (ballot.status !== 'open' && ballot.status !== 'extended') {
    throw preconditionFailed(
      {
        zh: '只有进行中的表决可以打印投票二维码',
        en: 'QR sheets are printed only while a ballot is open',
      },
      { details: { reason: 'ballot_not_open', status: ballot.status } },
    );
  }
  const cards = await qrCards(deps, ballot.id, args.buildingId);
  if (args.buildingId !== undefined && cards.length === 0) {
    throw notFound({ zh: '本次表决中没有该楼栋', en: 'No such building in this ballot' });
  }
  await deps.db.transaction(async (tx) => {
    await loadBallot(tx, args, 'exclusive');
    await appendAudit(tx, {
      ballotId: ballot.id,
      at: deps.now(),
      actor: actorName({ staffId: args.staff.sub }),
      action: 'credentials.printed',
      details: { cards: cards.length, buildingId: args.buildingId ?? null },
    });
  });
  return qrSheetHtml(ballot, cards);
}
