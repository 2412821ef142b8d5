import { createRoute, createRouter, errorResponse, errorResponses } from '@yishi/app';
import { pageQuerySchema } from '@yishi/contracts';
import { validationFailed } from '@yishi/errors';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import {
  applyImport,
  contentDisposition,
  exportRoster,
  getImport,
  getUnit,
  listOwners,
  listUnits,
  MAX_ROSTER_FILE_BYTES,
  type RosterFile,
  rosterTemplate,
  startImport,
} from '../roster/index.ts';
import { messages } from '../roster/messages.ts';
import {
  communityIdParams,
  importSchema,
  ownerPageSchema,
  unitDetailSchema,
  unitPageSchema,
} from '../roster/schemas.ts';
import { staffOnly } from '../roster/staff-only.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const binary = { schema: { type: 'string' as const, format: 'binary' } };
const security = [{ bearerAuth: [] }];
const tags = ['roster'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rosterRoles = ['committee_admin', 'committee_member', 'platform_admin'] as const;
const importParams = communityIdParams.extend({ importId: z.uuid() });
const buildingFilter = pageQuerySchema.extend({ buildingId: z.uuid().optional() });

const uploadRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/roster/imports',
  tags,
  summary: 'Upload a roster file and check it (a dry run)',
  description: `Multipart form field \`file\`, or the file as the request body with \`?fileName=\`. XLSX or CSV, at most ${MAX_ROSTER_FILE_BYTES / 1024 / 1024} MB. Answers at once; the file is checked in the background: poll the import for its progress, preview and row errors. Nothing in the roster changes until the import is applied.`,
  security,
  request: {
    params: communityIdParams,
    query: z.object({ fileName: z.string().min(1).max(200).optional() }),
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', format: 'binary' } },
            required: ['file'],
          },
        },
        'application/octet-stream': binary,
        [XLSX]: binary,
        'text/csv': binary,
      },
    },
  },
  responses: {
    202: { description: 'Stored; being checked', ...json(z.object({ importId: z.uuid() })) },
    ...errorResponses(400, 401, 403, 404, 413),
  },
});

const getImportRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/roster/imports/{importId}',
  tags,
  summary: "An import's status, progress, preview counts, changes and row errors",
  description:
    'Changes and errors are paginated separately: pass the `nextCursor` of either list as `changesCursor` or `errorsCursor`.',
  security,
  request: {
    params: importParams,
    query: z.object({
      changesCursor: z.string().min(1).max(512).optional(),
      errorsCursor: z.string().min(1).max(512).optional(),
      limit: pageQuerySchema.shape.limit,
    }),
  },
  responses: {
    200: { description: 'The import', ...json(importSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const applyRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/roster/imports/{importId}/apply',
  tags,
  summary: 'Apply a checked import',
  description:
    'Only from status `ready` (409 with the reason otherwise). Applies in the background in one transaction: poll the import until `applied` or `failed`; a failed import changed nothing.',
  security,
  request: { params: importParams },
  responses: {
    202: {
      description: 'Being applied',
      ...json(z.object({ importId: z.uuid(), status: z.literal('applying') })),
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/roster/template.xlsx',
  tags,
  summary: 'The roster template (业主名册模板.xlsx) with instructions',
  security,
  request: { params: communityIdParams },
  responses: {
    200: { description: 'The template', content: { [XLSX]: binary } },
    ...errorResponses(401, 403, 404),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/roster/export',
  tags,
  summary: 'The current roster as XLSX or CSV, in the template columns',
  description: 'Re-importing the export changes nothing.',
  security,
  request: {
    params: communityIdParams,
    query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
  },
  responses: {
    200: { description: 'The roster', content: { [XLSX]: binary, 'text/csv': binary } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const listUnitsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/units',
  tags,
  summary: 'Units by building, entrance and room, with their current holder',
  description: 'Grid workers see only the units of their buildings.',
  security,
  request: { params: communityIdParams, query: buildingFilter },
  responses: {
    200: { description: 'A page of units', ...json(unitPageSchema) },
    ...errorResponses(400, 401, 404),
  },
});

const getUnitRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/units/{unitId}',
  tags,
  summary: 'One unit with its members and its ownership history',
  description:
    'Party secretaries and grid workers see masked phones and no ID digits; grid workers only units of their buildings.',
  security,
  request: { params: communityIdParams.extend({ unitId: z.uuid() }) },
  responses: {
    200: { description: 'The unit', ...json(unitDetailSchema) },
    ...errorResponses(401, 404),
  },
});

const listOwnersRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/owners',
  tags,
  summary: 'Owners who hold a unit now, by name, each with their units',
  description:
    'Party secretaries and grid workers see masked phones and no ID digits; grid workers only owners of their buildings.',
  security,
  request: { params: communityIdParams, query: buildingFilter },
  responses: {
    200: { description: 'A page of owners', ...json(ownerPageSchema) },
    ...errorResponses(400, 401, 404),
  },
});

const fileResponse = (file: RosterFile) =>
  new Response(file.body, {
    status: 200,
    headers: {
      'content-type': file.contentType,
      'content-disposition': contentDisposition(file.fileName),
      'cache-control': 'no-store',
    },
  });

/** Roster imports, export, template, and reading units and owners. */
export function rosterRouter(deps: Deps) {
  const managers = staffOnly(deps, rosterRoles);
  const signedIn = staffOnly(deps);
  const uploadLimit = bodyLimit({
    maxSize: MAX_ROSTER_FILE_BYTES,
    onError: (c) =>
      errorResponse(
        c,
        validationFailed(messages.fileTooLarge(MAX_ROSTER_FILE_BYTES / 1024 / 1024)),
        413,
      ),
  });
  const router = createRouter();
  router.post('/communities/:communityId/roster/imports', uploadLimit);
  return router
    .openapi({ ...uploadRoute, middleware: managers }, async (c) => {
      const { communityId } = c.req.valid('param');
      const upload = await readUpload(c.req.raw, c.req.valid('query').fileName);
      const { importId } = await startImport(deps, {
        claims: c.get('staff'),
        communityId,
        ...upload,
      });
      return c.json({ importId }, 202);
    })
    .openapi({ ...getImportRoute, middleware: managers }, async (c) => {
      const query = c.req.valid('query');
      return c.json(
        await getImport(deps, { claims: c.get('staff'), ...c.req.valid('param'), ...query }),
        200,
      );
    })
    .openapi({ ...applyRoute, middleware: managers }, async (c) => {
      const params = c.req.valid('param');
      await applyImport(deps, { claims: c.get('staff'), ...params });
      return c.json({ importId: params.importId, status: 'applying' as const }, 202);
    })
    .openapi({ ...templateRoute, middleware: managers }, async (c) =>
      fileResponse(await rosterTemplate(deps, { claims: c.get('staff'), ...c.req.valid('param') })),
    )
    .openapi({ ...exportRoute, middleware: managers }, async (c) =>
      fileResponse(
        await exportRoster(deps, {
          claims: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
      ),
    )
    .openapi({ ...listUnitsRoute, middleware: signedIn }, async (c) =>
      c.json(
        await listUnits(deps, {
          claims: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...getUnitRoute, middleware: signedIn }, async (c) =>
      c.json(await getUnit(deps, { claims: c.get('staff'), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...listOwnersRoute, middleware: signedIn }, async (c) =>
      c.json(
        await listOwners(deps, {
          claims: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    );
}

/** The uploaded file: a multipart field `file`, or the raw body named by `?fileName=`. */
async function readUpload(
  request: Request,
  fileName: string | undefined,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const contentType = request.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(contentType)) {
    const file = (await request.formData()).get('file');
    if (!(file instanceof File)) throw validationFailed(messages.noFile);
    return {
      fileName: file.name || fileName || '',
      bytes: new Uint8Array(await file.arrayBuffer()),
    };
  }
  if (!fileName) throw validationFailed(messages.noFile);
  return { fileName, bytes: new Uint8Array(await request.arrayBuffer()) };
}
