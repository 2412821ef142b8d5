import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries } from '../db/schema/index.ts';
import { draftBody, manualClock, startTestBallots, type TestBallots } from '../test-support.ts';
import { qrSvg, shanghaiTime } from './qr-sheet.ts';
import { testCommunity } from './test-community.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

/**
 * Decodes an inline SVG from the `qrcode` package: its dark modules are one path of `M x y`,
 * `m dx dy` and `h n` segments at half-module height. Painted into pixels and read by jsQR, as a
 * phone's camera would read the printed card.
 */
function decodeQrSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const n = Number(a);
    if (op === 'M') [x, y] = [n, Number(b)];
    else if (op === 'm') [x, y] = [x + n, y + Number(b)];
    else if (op === 'h') {
      for (let i = 0; i < n; i += 1) dark.add(`${x + i},${Math.floor(y)}`);
      x += n;
    }
  }
  const scale = 4;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (let row = 0; row < px; row += 1) {
    for (let col = 0; col < px; col += 1) {
      if (!dark.has(`${Math.floor(col / scale)},${Math.floor(row / scale)}`)) continue;
      const at = (row * px + col) * 4;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
    }
  }
  return jsQR(rgba, px, px)?.data ?? null;
}

const cardsOf = (html: string) =>
  [...html.matchAll(/<section class="card"[\s\S]*?<\/section>/g)].map((m) => m[0]);

describe('printable QR sheet', () => {
  it('prints one card per owner key in walking order whose QR decodes to their own link', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now(), { title: '更换消防门 <第一批>' }));
    expect((await c.command(ballot.id, 'open')).status).toBe(200);
    const links = await c.links(ballot.id);

    const res = await t.request(`${c.base}/${ballot.id}/credentials/qr-sheet`, { token: c.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('@media print');
    expect(html).toContain('更换消防门 &lt;第一批&gt;');
    expect(html).not.toContain('<第一批>');
    const closesAt = new Date(clock.now().getTime() + 14 * 86_400_000);
    expect(html).toContain(shanghaiTime(closesAt));
    expect(shanghaiTime(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02 00:30');

    const cards = cardsOf(html);
    expect(cards).toHaveLength(links.size);
    const { holderKeys } = c.roster;
    // Walking order by each key's first unit: 1-102 (e), 1-201 (a), 2-301 (b), 2-2-101 (c&d), 10-101 (j).
    expect(cards.map((card) => /data-holder="([^"]+)"/.exec(card)?.[1])).toEqual(
      ['e', 'a', 'b', 'c&d', 'j'].map((o) => holderKeys.get(o)!.replace(/&/g, '&amp;')),
    );
    for (const card of cards) {
      const holder = /data-holder="([^"]+)"/.exec(card)![1]!.replace(/&amp;/g, '&');
      const link = `https://vote.example.cn/v/${links.get(holder)}`;
      const svg = /<svg[\s\S]*?<\/svg>/.exec(card)![0];
      expect(decodeQrSvg(svg)).toBe(link);
      expect(svg).toBe((await qrSvg(link)).trim());
      expect(card).toContain(link);
      expect(card).toContain('扫码投票');
      expect(card).toContain('回执码');
    }
    const ownerA = cards[1]!;
    expect(ownerA).toContain('1栋 1单元 201室');
    expect(ownerA).toContain('2栋 1单元 1201室');

    // Each decoded link opens that owner's own ballot.
    const view = await t.request(`/v/${links.get(holderKeys.get('a')!)}`);
    expect(view.status).toBe(200);

    for (const phone of c.roster.phones.values()) expect(html).not.toContain(phone.slice(-4));
    expect(html).not.toMatch(/业主/);
    expect(html).not.toMatch(/138\*{4}/);

    const audit = await t.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.ballotId, ballot.id));
    expect(audit.map((e) => e.action)).toContain('credentials.printed');
  });

  it('prints one building, showing only its units', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now()));
    await c.command(ballot.id, 'open');
    const b1 = c.roster.buildingIds.get('1')!;
    const res = await t.request(`${c.base}/${ballot.id}/credentials/qr-sheet?buildingId=${b1}`, {
      token: c.token,
    });
    expect(res.status).toBe(200);
    const cards = cardsOf(await res.text());
    expect(cards).toHaveLength(2);
    expect(cards.join('')).not.toContain('2栋');

    const other = await t.request(
      `${c.base}/${ballot.id}/credentials/qr-sheet?buildingId=${crypto.randomUUID()}`,
      { token: c.token },
    );
    expect(other.status).toBe(404);
  });

  it('refuses a draft, and staff outside the committee or the community', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now()));
    const path = `${c.base}/${ballot.id}/credentials/qr-sheet`;
    expect((await t.request(path, { token: c.token })).status).toBe(409);
    await c.command(ballot.id, 'open');
    const grid = await t.tokenFor({
      sub: crypto.randomUUID(),
      roles: ['grid_worker'],
      communities: [c.communityId],
    });
    expect((await t.request(path, { token: grid })).status).toBe(403);
    const stranger = await testCommunity(t);
    expect((await t.request(path, { token: stranger.token })).status).toBe(404);
    expect((await t.request(path)).status).toBe(401);
  });
});
