import { describe, expect, it } from 'vitest';
import { messageKinds } from '../db/schema/deliveries.ts';
import { render } from './templates.ts';

describe('templates', () => {
  it('shows the close time in Asia/Shanghai and carries the personal link', () => {
    const stored = {
      community: '幸福里',
      link: 'https://vote.example.cn/v/abc.def',
      closesAt: '2026-03-04T10:00:00.000Z',
    };
    const zh = render('ballot_opened', 'zh-CN', stored);
    expect(zh.text).toContain('2026年3月4日 18:00');
    expect(zh.text).toContain('https://vote.example.cn/v/abc.def');
    expect(zh.subject).toContain('幸福里');
    const en = render('ballot_opened', 'en', stored);
    expect(en.text).toContain('4 March 2026');
    expect(en.text).toContain('18:00 (Beijing time)');
    expect(en.params).toEqual({
      community: '幸福里',
      link: 'https://vote.example.cn/v/abc.def',
      closesAt: en.params.closesAt,
    });
  });

  it('has a Chinese and an English text for every kind', () => {
    for (const kind of messageKinds) {
      const zh = render(kind, 'zh-CN', { community: 'C', closesAt: '2026-03-04T10:00:00Z' });
      const en = render(kind, 'en', { community: 'C', closesAt: '2026-03-04T10:00:00Z' });
      expect(zh.text).toMatch(/[\u4e00-\u9fff]/);
      expect(en.text).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('words the daily summary in English with the buildings furthest behind first, as stored', () => {
    const f = (area: string, headcount: number) => ({ area, headcount });
    const en = render('progress_summary', 'en', {
      community: 'Happy Court',
      closesAt: '2026-03-05T10:00:00.000Z',
      day: '2026-03-03',
      scope: 'grid',
      progress: JSON.stringify({
        participating: f('400.00', 4),
        total: f('760.00', 9),
        shortfall: f('106.67', 2),
      }),
      buildings: JSON.stringify([
        {
          building: 'B2',
          participating: f('0.00', 0),
          total: f('200.00', 2),
          shortfall: f('133.34', 2),
        },
        {
          building: 'B3',
          participating: f('300.00', 3),
          total: f('260.00', 4),
          shortfall: f('0.00', 0),
        },
      ]),
    });
    expect(en.subject).toBe('Happy Court: daily vote progress 2026-03-03');
    expect(en.text).toContain(
      '4 of 9 owners and 400.00 of 760.00 m² took part, short by 2 owners and 106.67 m²',
    );
    expect(en.text).toContain(
      'Your buildings: B2: 0/2 owners, short by 2 owners and 133.34 m²; B3: 3/4 owners, two thirds reached.',
    );
  });

  it('keeps a meeting notice short for SMS however long the title and agenda', () => {
    const long = '关于使用专项维修资金对小区一至十二号楼外墙保温层进行全面检测与维修的议案';
    const zh = render('meeting_notice', 'zh-CN', {
      community: '幸福里',
      title: long,
      meetingKind: 'owners_assembly',
      form: 'in_writing',
      startsAt: '2026-03-25T01:00:00.000Z',
      endsAt: '2026-04-08T10:00:00.000Z',
      place: '书面征求意见',
      topics: JSON.stringify(Array.from({ length: 12 }, (_, i) => `${long}（${i + 1}）`)),
      pageLink: 'https://yishi.example.cn/m/00000000-0000-4000-8000-000000000000',
    });
    expect(zh.text).toContain(
      '以书面形式征求意见，表决时间 2026年3月25日 09:00 至 2026年4月8日 18:00',
    );
    expect(zh.text).toContain('等 12 项');
    expect(zh.text).not.toContain(long);
    // A long SMS is sent in segments of 67 characters: at most four here, the link included.
    expect([...zh.text].length).toBeLessThanOrEqual(4 * 67);
    expect(zh.params.title).toBe(`${[...long].slice(0, 23).join('')}…`);
  });
});
