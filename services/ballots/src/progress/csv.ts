import type { OutreachOutcome } from '../db/schema/index.ts';
import type { NonVoter } from './non-voters.ts';

const outcomeLabels: Record<OutreachOutcome, string> = {
  visited: '已走访',
  not_home: '不在家',
  refused: '拒绝',
  will_vote_online: '将在线投票',
  paper_collected: '已收纸质票',
};

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * One CSV cell. Quotes what needs quoting, and defuses a leading = + - @ so a spreadsheet never
 * runs a cell as a formula (CSV injection).
 */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The printable door-to-door list: UTF-8 with a byte order mark, so Excel in a Chinese locale
 * reads it as UTF-8 rather than GBK. Rows end with CRLF (RFC 4180).
 */
export function nonVotersCsv(rows: readonly NonVoter[]): string {
  const header = [
    '楼栋',
    '单元',
    '楼层',
    '房号',
    '面积(㎡)',
    '手机(掩码)',
    '最近走访',
    '走访时间',
    '业主编号',
  ];
  const lines = rows.map((r) =>
    [
      r.building,
      r.entrance,
      r.floor,
      r.room,
      r.area,
      r.phoneMasked,
      r.outreach ? outcomeLabels[r.outreach.outcome] : null,
      r.outreach ? shanghai.format(new Date(r.outreach.at)) : null,
      r.holderKey,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
