import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffRole } from '@yishi/auth';
import { z } from 'zod';
import { qrSheet } from '../ballots/qr-sheet.ts';
import type { Deps } from '../context.ts';
import { ballotParams, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];

const qrSheetRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/credentials/qr-sheet',
  tags: ['credentials'],
  summary: 'Printable QR sheet of the voting links (recorded in the audit log)',
  description:
    'A self-contained A4 HTML page, one card per owner key in walking order: unit numbers, ballot title, close time (Asia/Shanghai), the QR code of the personal link, the link and instructions. Never names or phones. `buildingId` prints one building.',
  security,
  request: { params: ballotParams, query: z.object({ buildingId: z.uuid().optional() }) },
  responses: {
    200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** The printable sheet of voting links for letters and door-to-door visits. */
export function qrSheetRouter(deps: Deps) {
  const committeeOnly: [ReturnType<typeof requireStaff>] = [
    requireStaff({ verifier: deps.verifier, roles: committee }),
  ];
  return createRouter().openapi({ ...qrSheetRoute, middleware: committeeOnly }, async (c) => {
    const { buildingId } = c.req.valid('query');
    const html = await qrSheet(deps, {
      staff: c.get('staff'),
      ...c.req.valid('param'),
      ...(buildingId === undefined ? {} : { buildingId }),
    });
    return c.body(html, 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Self-contained: inline styles and inline SVG only, no script, nothing fetched.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'referrer-policy': 'no-referrer',
    });
  });
}
