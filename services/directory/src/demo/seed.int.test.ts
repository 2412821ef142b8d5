import { outbox } from '@yishi/bus';
import { staffRecorded } from '@yishi/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { staffContacts } from '../db/schema/index.ts';
import { demoStaff } from '../staff/index.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';
import { seedDemo } from './seed.ts';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory();
});
afterAll(async () => {
  await dir?.close();
});

it('gives every demo staff account an SMS contact, published to notifications, and seeds once', async () => {
  const first = await seedDemo(dir.deps);
  expect(first.created).toBe(true);
  const contacts = await dir.deps.db.select().from(staffContacts);
  expect(contacts).toHaveLength(demoStaff.length);
  expect(contacts.every((c) => /^1990000000\d$/.test(c.phone ?? ''))).toBe(true);
  expect(contacts.every((c) => c.preferredChannel === 'sms')).toBe(true);
  const events = await dir.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.type, staffRecorded.type), eq(outbox.communityId, first.communityId)));
  const withPhone = events.filter(
    (e) => (e.payload as { contact: { phone: string | null } }).contact.phone !== null,
  );
  expect(withPhone).toHaveLength(demoStaff.length);

  const again = await seedDemo(dir.deps);
  expect(again.created).toBe(false);
  expect(await dir.deps.db.$count(staffContacts)).toBe(demoStaff.length);
});
