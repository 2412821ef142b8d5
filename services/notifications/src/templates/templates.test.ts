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
});
