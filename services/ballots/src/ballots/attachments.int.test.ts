import { createHash } from 'node:crypto';
import { errorBodySchema } from '@yishi/contracts';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, matterAttachments } from '../db/schema/index.ts';
import { draftBody, manualClock, startTestBallots, type TestBallots } from '../test-support.ts';
import { maxAttachmentBytes } from './attachments.ts';
import { testCommunity } from './test-community.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;
const pdf = (text = 'quote') => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

type Community = Awaited<ReturnType<typeof testCommunity>>;

function upload(
  c: Community,
  ballot: { id: string; matters: { id: string }[] },
  file: { bytes: Uint8Array; type: string; name: string },
  matter = 0,
) {
  const form = new FormData();
  form.append('file', new File([file.bytes], file.name, { type: file.type }));
  return t.app.request(`${c.base}/${ballot.id}/matters/${ballot.matters[matter]!.id}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}` },
    body: form,
  });
}

async function stored(ballotId: string) {
  const [row] = await t.deps.db
    .select({ n: count() })
    .from(matterAttachments)
    .where(eq(matterAttachments.ballotId, ballotId));
  return row?.n ?? 0;
}

describe('attachments of matters', () => {
  it('stores a PDF, serves it to staff and to owners of the ballot, and records its hash at opening', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now(), {}, { matters: 2 }));
    const bytes = pdf();
    const res = await upload(c, ballot, {
      bytes,
      type: 'application/pdf',
      name: 'C:\\扫描\\消防门报价.pdf',
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; sha256: string; fileName: string };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(created).toMatchObject({ fileName: '消防门报价.pdf', size: bytes.length, sha256 });

    const staffFile = await t.request(
      `${c.base}/${ballot.id}/matters/${ballot.matters[0]!.id}/attachments/${created.id}`,
      { token: c.token },
    );
    expect(staffFile.status).toBe(200);
    expect(staffFile.headers.get('content-type')).toBe('application/pdf');
    expect(staffFile.headers.get('x-content-type-options')).toBe('nosniff');
    expect(staffFile.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('消防门报价.pdf')}`,
    );
    expect(Buffer.from(await staffFile.arrayBuffer()).equals(bytes)).toBe(true);
    // Under another matter's path it is not found.
    const wrongMatter = await t.request(
      `${c.base}/${ballot.id}/matters/${ballot.matters[1]!.id}/attachments/${created.id}`,
      { token: c.token },
    );
    expect(wrongMatter.status).toBe(404);

    expect((await c.command(ballot.id, 'open')).status).toBe(200);
    const [link] = [...(await c.links(ballot.id)).values()];
    const view = (await (await t.request(`/v/${link}`)).json()) as {
      matters: {
        attachments: { id: string; fileName: string; contentType: string; size: number }[];
      }[];
    };
    expect(view.matters[0]!.attachments).toEqual([
      expect.objectContaining({
        id: created.id,
        fileName: '消防门报价.pdf',
        contentType: 'application/pdf',
        size: bytes.length,
      }),
    ]);
    expect(view.matters[1]!.attachments).toEqual([]);
    const ownerFile = await t.request(`/v/${link}/attachments/${created.id}`);
    expect(ownerFile.status).toBe(200);
    expect(ownerFile.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ownerFile.arrayBuffer()).equals(bytes)).toBe(true);

    const trail = await t.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.ballotId, ballot.id));
    expect(trail.map((e) => e.action)).toContain('attachment.added');
    const opened = trail.find((e) => e.action === 'ballot.opened')!;
    expect(opened.details.attachments).toEqual([
      expect.objectContaining({ id: created.id, sha256 }),
    ]);
    const verify = await t.request(`${c.base}/${ballot.id}/audit/verify`, { token: c.token });
    expect(await verify.json()).toMatchObject({ ok: true });
  });

  it('refuses a file whose bytes are not what its declared type says, and stores nothing', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now()));
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const spoofed = await upload(c, ballot, {
      bytes: html,
      type: 'application/pdf',
      name: 'a.pdf',
    });
    expect(spoofed.status).toBe(400);
    expect(await errorOf(spoofed)).toMatchObject({ details: { reason: 'type_not_allowed' } });
    const mismatch = await upload(c, ballot, { bytes: png, type: 'image/jpeg', name: 'a.jpg' });
    expect(mismatch.status).toBe(400);
    expect(await errorOf(mismatch)).toMatchObject({
      details: { reason: 'type_mismatch', found: 'image/png' },
    });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(
      (await upload(c, ballot, { bytes: svg, type: 'image/svg+xml', name: 'a.svg' })).status,
    ).toBe(400);
    expect(await stored(ballot.id)).toBe(0);
  });

  it('refuses a file over 10 MB and an eleventh attachment of a matter', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now()));
    const big = Buffer.alloc(maxAttachmentBytes + 1, 0x20);
    pdf().copy(big);
    const tooBig = await upload(c, ballot, {
      bytes: big,
      type: 'application/pdf',
      name: 'big.pdf',
    });
    expect(tooBig.status).toBe(400);
    expect(await errorOf(tooBig)).toMatchObject({ details: { reason: 'file_too_large' } });
    const justFits = Buffer.alloc(maxAttachmentBytes, 0x20);
    pdf().copy(justFits);
    const fits = await upload(c, ballot, {
      bytes: justFits,
      type: 'application/pdf',
      name: 'ok.pdf',
    });
    expect(fits.status).toBe(201);

    for (let i = 1; i < 10; i += 1) {
      const res = await upload(c, ballot, {
        bytes: pdf(`p${i}`),
        type: 'application/pdf',
        name: `${i}.pdf`,
      });
      expect(res.status).toBe(201);
    }
    const eleventh = await upload(c, ballot, { bytes: png, type: 'image/png', name: '11.png' });
    expect(eleventh.status).toBe(409);
    expect(await errorOf(eleventh)).toMatchObject({ details: { reason: 'too_many_attachments' } });
    expect(await stored(ballot.id)).toBe(10);
  });

  it("refuses another ballot's attachment through a link", async () => {
    const c = await testCommunity(t);
    const mine = await c.draft(draftBody(clock.now()));
    const other = await c.draft(draftBody(clock.now()));
    const res = await upload(c, other, { bytes: png, type: 'image/png', name: 'plan.png' });
    const { id } = (await res.json()) as { id: string };
    await c.command(mine.id, 'open');
    await c.command(other.id, 'open');
    const [link] = [...(await c.links(mine.id)).values()];
    const refused = await t.request(`/v/${link}/attachments/${id}`);
    expect(refused.status).toBe(404);
    const forged = await t.request(`/v/${link!.slice(0, -2)}xx/attachments/${id}`);
    expect(forged.status).toBe(404);
    const [otherLink] = [...(await c.links(other.id)).values()];
    const allowed = await t.request(`/v/${otherLink}/attachments/${id}`);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('image/png');
  });

  it('changes nothing once the ballot is open, and keeps attachments through a draft edit', async () => {
    const c = await testCommunity(t);
    const ballot = await c.draft(draftBody(clock.now(), {}, { matters: 2 }));
    const res = await upload(c, ballot, { bytes: png, type: 'image/png', name: 'plan.png' }, 1);
    const { id } = (await res.json()) as { id: string };
    const patched = await t.request(`${c.base}/${ballot.id}`, {
      token: c.token,
      method: 'PATCH',
      json: {
        matters: [
          { item: 6, title: '事项一', body: '' },
          { item: 6, title: '事项二（改）', body: '' },
        ],
      },
    });
    expect(patched.status).toBe(200);
    const edited = (await patched.json()) as { id: string; matters: { id: string }[] };
    const [carried] = await t.deps.db
      .select()
      .from(matterAttachments)
      .where(eq(matterAttachments.id, id));
    expect(carried?.matterId).toBe(edited.matters[1]!.id);

    await c.command(ballot.id, 'open');
    const late = await upload(c, edited, { bytes: pdf(), type: 'application/pdf', name: 'x.pdf' });
    expect(late.status).toBe(409);
    expect(await errorOf(late)).toMatchObject({ details: { reason: 'not_draft' } });
    const remove = await t.request(
      `${c.base}/${ballot.id}/matters/${edited.matters[1]!.id}/attachments/${id}`,
      { token: c.token, method: 'DELETE' },
    );
    expect(remove.status).toBe(409);
    expect(await stored(ballot.id)).toBe(1);

    // A file changed behind the service's back is named by the verification.
    await t.deps.db.execute(
      sql`update matter_attachments set content = ${Buffer.from(png.subarray(0, 10))} where id = ${id}::uuid`,
    );
    const verify = await t.request(`${c.base}/${ballot.id}/audit/verify`, { token: c.token });
    expect(await verify.json()).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ check: 'attachments' })],
    });
  });

  it('documents the routes in the OpenAPI description', async () => {
    const doc = (await (await t.request('/openapi.json')).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toContain(
      '/communities/{communityId}/ballots/{ballotId}/matters/{matterId}/attachments',
    );
  });
});
