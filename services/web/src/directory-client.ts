/**
 * The staff side of the directory's HTTP API (docs/staff-sign-in.md, docs/directory-roster.md):
 * sign-in and sessions, communities and buildings, roster imports. Shapes mirror the directory's
 * `/openapi.json`; only what the pages read is parsed.
 */
import { z } from 'zod';
import { type ApiResult, type CallOptions, caller, pageOf, query } from './api.ts';
import type { Lang } from './i18n.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

export const sessionSchema = z.object({
  accessToken: z.string(),
  expiresIn: z.number(),
  refreshToken: z.string(),
  staff: z.object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    platformAdmin: z.boolean(),
  }),
});
export type DirectorySession = z.infer<typeof sessionSchema>;

export const communitySchema = z.object({
  id: z.string(),
  name: z.string(),
  street: z.string(),
  neighbourhood: z.string(),
  parkingIncluded: z.boolean(),
});
export type Community = z.infer<typeof communitySchema>;

export const buildingSchema = z.object({
  id: z.string(),
  name: z.string(),
  unitCount: z.number(),
  totalArea: z.string(),
});
export type Building = z.infer<typeof buildingSchema>;

export const rowErrorSchema = z.object({
  row: z.number(),
  column: z.string().nullable(),
  code: z.string(),
  message: localized,
  value: z.string().optional(),
});
export type RowError = z.infer<typeof rowErrorSchema>;

/** A change of the preview; its fields vary by `kind` and the pages only describe them. */
export const importChangeSchema = z
  .object({ kind: z.string(), row: z.number().optional() })
  .catchall(z.unknown());
export type ImportChange = z.infer<typeof importChangeSchema>;

export const importStatuses = [
  'checking',
  'ready',
  'invalid',
  'applying',
  'applied',
  'failed',
] as const;

export const rosterImportSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(importStatuses),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number().nullable() }),
  summary: z.record(z.string(), z.number()).nullable(),
  failure: z.object({ code: z.string(), message: localized }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  changes: pageOf(importChangeSchema),
  errors: pageOf(rowErrorSchema),
});
export type RosterImport = z.infer<typeof rosterImportSchema>;

export interface DirectoryClient {
  signIn(
    body: { login: string; password: string },
    lang: Lang,
  ): Promise<ApiResult<DirectorySession>>;
  refresh(refreshToken: string): Promise<ApiResult<DirectorySession>>;
  signOut(refreshToken: string): Promise<ApiResult<undefined>>;
  communities(
    token: string,
    cursor?: string,
  ): Promise<ApiResult<{ items: Community[]; nextCursor: string | null }>>;
  community(token: string, communityId: string): Promise<ApiResult<Community>>;
  buildings(token: string, communityId: string): Promise<ApiResult<Building[]>>;
  /** Uploads a roster file for a dry run; answers the import id. */
  uploadRoster(
    token: string,
    communityId: string,
    file: File,
    lang: Lang,
  ): Promise<ApiResult<{ importId: string }>>;
  rosterImport(
    token: string,
    communityId: string,
    importId: string,
    page: { changesCursor?: string; errorsCursor?: string; limit?: number },
  ): Promise<ApiResult<RosterImport>>;
  applyImport(
    token: string,
    communityId: string,
    importId: string,
    lang: Lang,
  ): Promise<ApiResult<{ importId: string; status: string }>>;
  /** The roster template (业主名册模板.xlsx), as the directory answers it. */
  rosterTemplate(token: string, communityId: string): Promise<ApiResult<Response>>;
}

/**
 * @example
 * ```ts
 * const directory = directoryClient({ baseUrl: env.YISHI_DIRECTORY_URL });
 * const session = await directory.signIn({ login, password }, 'zh');
 * ```
 */
export function directoryClient(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): DirectoryClient {
  const call = caller(options);
  const c = (communityId: string) => `/communities/${encodeURIComponent(communityId)}`;
  const bearer = (token: string, lang?: Lang): CallOptions => ({
    token,
    ...(lang ? { lang } : {}),
  });
  return {
    signIn: (body, lang) => call.json('/auth/sign-in', sessionSchema, { json: body, lang }),
    refresh: (refreshToken) =>
      call.json('/auth/refresh', sessionSchema, { json: { refreshToken } }),
    signOut: (refreshToken) =>
      call.json('/auth/sign-out', z.undefined(), { json: { refreshToken } }),
    communities: (token, cursor) =>
      call.json(
        `/communities${query({ cursor, limit: 100 })}`,
        pageOf(communitySchema),
        bearer(token),
      ),
    community: (token, communityId) => call.json(c(communityId), communitySchema, bearer(token)),
    buildings: async (token, communityId) => {
      const answer = await call.json(
        `${c(communityId)}/buildings`,
        z.object({ items: z.array(buildingSchema) }),
        bearer(token),
      );
      return answer.ok ? { ok: true, value: answer.value.items } : answer;
    },
    uploadRoster: (token, communityId, file, lang) => {
      const form = new FormData();
      form.set('file', file, file.name);
      return call.json(`${c(communityId)}/roster/imports`, z.object({ importId: z.string() }), {
        ...bearer(token, lang),
        method: 'POST',
        body: form,
      });
    },
    rosterImport: (token, communityId, importId, page) =>
      call.json(
        `${c(communityId)}/roster/imports/${encodeURIComponent(importId)}${query(page)}`,
        rosterImportSchema,
        bearer(token),
      ),
    applyImport: (token, communityId, importId, lang) =>
      call.json(
        `${c(communityId)}/roster/imports/${encodeURIComponent(importId)}/apply`,
        z.object({ importId: z.string(), status: z.string() }),
        { ...bearer(token, lang), method: 'POST' },
      ),
    rosterTemplate: (token, communityId) =>
      call.raw(`${c(communityId)}/roster/template.xlsx`, bearer(token)),
  };
}
