import { describe, expect, it } from 'vitest';
import { decide, meetingStatuses, takesAttendance } from './lifecycle.ts';

describe('meeting lifecycle', () => {
  it('walks draft → notice → held → minutes', () => {
    expect(decide('draft', { type: 'publish_notice' })).toEqual({
      ok: true,
      next: 'notice_published',
    });
    expect(decide('notice_published', { type: 'hold' })).toEqual({ ok: true, next: 'held' });
    expect(decide('held', { type: 'publish_minutes' })).toEqual({
      ok: true,
      next: 'minutes_published',
    });
  });

  it('cancels only before the meeting is held', () => {
    const allowed = meetingStatuses.filter((s) => decide(s, { type: 'cancel' }).ok);
    expect(allowed).toEqual(['draft', 'notice_published']);
  });

  it('refuses to hold a meeting whose notice was never published, naming the allowed state', () => {
    expect(decide('draft', { type: 'hold' })).toEqual({
      ok: false,
      reason: 'invalid_transition',
      status: 'draft',
      allowedFrom: ['notice_published'],
    });
  });

  it('refuses a second notice and minutes before the meeting', () => {
    expect(decide('notice_published', { type: 'publish_notice' }).ok).toBe(false);
    expect(decide('notice_published', { type: 'publish_minutes' }).ok).toBe(false);
    expect(decide('cancelled', { type: 'publish_notice' }).ok).toBe(false);
  });

  it('takes attendance only between the notice and the minutes', () => {
    expect(meetingStatuses.filter(takesAttendance)).toEqual(['notice_published', 'held']);
  });
});
