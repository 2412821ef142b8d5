import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { listOwnerLinks, reissueOwnerLink, unitOwnerLink } from '../owner-links/owner-links.ts';
import { writeOwnerLinksCsv, writeOwnerLinksXlsx } from '../owner-links/owner-links-file.ts';
import { contentDisposition } from '../roster/index.ts';
import { staffOnly } from '../roster/staff-only.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const binary = { schema: { type: 'string' as const, format: 'binary' } };
const security = [{ bearerAuth: [] }];
const tags = ['owner links'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const managerRoles = ['committee_admin', 'committee_member', 'platform_admin'] as const;
const communityIdParams = z.object({ communityId: z.uuid() });
const ownerLinkSchema = z.object({
  holderId: z.uuid(),
  version: z.number().int().min(1),
  url: z.url().openapi({ description: 'A bearer secret: give it only to this owner.' }),
});

const exportRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/owner-links/export',
  tags,
  summary: "Every unit's owner page link (业主链接), as XLSX or CSV, to print or send",
  description:
    'One row per unit with a current holder: building, entrance, room and the link `/o/<token>` of its owner key (co-owners share one). The links are bearer secrets. Committee only.',
  security,
  request: {
    params: communityIdParams,
    query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
  },
  responses: {
    200: { description: 'The links', content: { [XLSX]: binary, 'text/csv': binary } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const unitLinkRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/units/{unitId}/owner-link',
  tags,
  summary: "The current owner page link of a unit's holder (to hand it over at the desk)",
  security,
  request: { params: communityIdParams.extend({ unitId: z.uuid() }) },
  responses: {
    200: { description: 'The link', ...json(ownerLinkSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const reissueRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/owner-links/{holderId}/reissue',
  tags,
  summary: "Revoke an owner key's link and issue a new one",
  description:
    'The version goes up by one and `directory.owner_link.revoked` tells every service to refuse the older links from now on.',
  security,
  request: { params: communityIdParams.extend({ holderId: z.uuid() }) },
  responses: {
    200: { description: 'The new link', ...json(ownerLinkSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Owner page links: export, one unit's link, revoke and re-issue (committee only). */
export function ownerLinksRouter(deps: Deps) {
  const managers = staffOnly(deps, managerRoles);
  return createRouter()
    .openapi({ ...exportRoute, middleware: managers }, async (c) => {
      const { format } = c.req.valid('query');
      const rows = await listOwnerLinks(deps, { claims: c.get('staff'), ...c.req.valid('param') });
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
        deps.now(),
      );
      return new Response(
        format === 'xlsx' ? await writeOwnerLinksXlsx(rows) : writeOwnerLinksCsv(rows),
        {
          status: 200,
          headers: {
            'content-type': format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8',
            'content-disposition': contentDisposition(`业主链接-${day}.${format}`),
            'cache-control': 'no-store',
          },
        },
      );
    })
    .openapi({ ...unitLinkRoute, middleware: managers }, async (c) =>
      c.json(await unitOwnerLink(deps, { claims: c.get('staff'), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...reissueRoute, middleware: managers }, async (c) =>
      c.json(
        await reissueOwnerLink(deps, { claims: c.get('staff'), ...c.req.valid('param') }),
        200,
      ),
    );
}
