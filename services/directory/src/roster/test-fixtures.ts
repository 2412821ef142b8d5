// Data and helpers for the roster's integration tests: each test makes its own community.
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '@yishi/auth';
import { waitFor } from '@yishi/testing';
import { expect } from 'vitest';
import { communities, staff, staffRoles } from '../db/schema/index.ts';
import { type RosterRow, writeRosterCsv, writeRosterXlsx } from '../roster-file/index.ts';
import type { TestDirectory } from '../test-support.ts';
import type { ImportView } from './get-import.ts';
import { importSchema } from './schemas.ts';

export type UnitRow = Omit<RosterRow, 'row'>;
type CommunityRole = Exclude<StaffRole, 'platform_admin'>;

export async function seedCommunity(dir: TestDirectory, name = '测试小区'): Promise<string> {
  const id = randomUUID();
  await dir.deps.db.insert(communities).values({ id, name });
  return id;
}

/**
 * A staff account with roles in one community, written straight to the tables (no password
 * hashing), and a token for it. `buildings` goes into the token, as sign-in does for grid workers.
 */
export async function seedStaffToken(
  dir: TestDirectory,
  communityId: string | null,
  roles: (CommunityRole | 'platform_admin')[],
  buildings?: string[],
): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const platformAdmin = roles.includes('platform_admin');
  await dir.deps.db.insert(staff).values({
    id,
    login: `t-${id}`,
    displayName: '测试',
    passwordHash: 'not used',
    platformAdmin,
  });
  const communityRoles = roles.filter((r): r is CommunityRole => r !== 'platform_admin');
  if (communityId !== null && communityRoles.length > 0) {
    await dir.deps.db
      .insert(staffRoles)
      .values(communityRoles.map((role) => ({ staffId: id, communityId, role })));
  }
  const token = await dir.tokenFor({
    sub: id,
    roles,
    communities: communityId === null ? [] : [communityId],
    ...(buildings ? { buildings } : {}),
  });
  return { id, token };
}

/** A valid unit row; `overrides` change it. */
export function unit(
  room: string,
  owner: Partial<UnitRow['owner']> & { name: string },
  overrides: Partial<Omit<UnitRow, 'owner'>> = {},
): UnitRow {
  return {
    building: '1',
    entrance: '1',
    room,
    floor: Number(room.slice(0, -2)) || 1,
    kind: 'residence',
    area: '89.50',
    areaBasis: 'registered',
    owner: { kind: 'person', phone: null, idLast4: null, ...owner },
    coOwners: [],
    developerUnsold: false,
    ...overrides,
  };
}

/** Uploads rows as an XLSX (or CSV) file and waits for the check to finish. */
export async function uploadRoster(
  dir: TestDirectory,
  token: string,
  communityId: string,
  rows: UnitRow[],
  format: 'xlsx' | 'csv' = 'xlsx',
): Promise<ImportView> {
  const body =
    format === 'xlsx'
      ? await writeRosterXlsx(rows)
      : new TextEncoder().encode(writeRosterCsv(rows));
  return uploadFile(dir, token, communityId, body, `名册.${format}`);
}

export async function uploadFile(
  dir: TestDirectory,
  token: string,
  communityId: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<ImportView> {
  const form = new FormData();
  form.append('file', new File([bytes], fileName));
  const res = await dir.app.request(`/communities/${communityId}/roster/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(202);
  const { importId } = (await res.json()) as { importId: string };
  return waitForImport(dir, token, communityId, importId, ['ready', 'invalid', 'failed']);
}

export async function readImport(
  dir: TestDirectory,
  token: string,
  communityId: string,
  importId: string,
  query = '',
): Promise<ImportView> {
  const res = await dir.request(`/communities/${communityId}/roster/imports/${importId}${query}`, {
    token,
  });
  expect(res.status).toBe(200);
  return importSchema.parse(await res.json()) as ImportView;
}

export function waitForImport(
  dir: TestDirectory,
  token: string,
  communityId: string,
  importId: string,
  statuses: ImportView['status'][],
): Promise<ImportView> {
  return waitFor(
    async () => {
      const view = await readImport(dir, token, communityId, importId, '?limit=100');
      return statuses.includes(view.status) ? view : undefined;
    },
    { message: `import ${importId} to be ${statuses.join(' or ')}`, timeoutMs: 20_000 },
  );
}

/** Uploads, checks that the file is ready, applies it and waits until it is applied. */
export async function importRoster(
  dir: TestDirectory,
  token: string,
  communityId: string,
  rows: UnitRow[],
): Promise<ImportView> {
  const checked = await uploadRoster(dir, token, communityId, rows);
  expect(checked.errors.items).toEqual([]);
  expect(checked.status).toBe('ready');
  const res = await dir.request(`/communities/${communityId}/roster/imports/${checked.id}/apply`, {
    token,
    method: 'POST',
  });
  expect(res.status).toBe(202);
  const done = await waitForImport(dir, token, communityId, checked.id, ['applied', 'failed']);
  expect(done.failure).toBeNull();
  return done;
}
