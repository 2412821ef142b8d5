import { describe, expect, it } from 'vitest';
import { assemblyBallotId, assemblyMatterId, uuidV5 } from './ids.ts';

describe('uuidV5', () => {
  it('matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives one ballot id per meeting and one matter id per agenda item', () => {
    const m = '0b8f5a8e-2f0c-4a7e-9a4e-7a1b2c3d4e5f';
    const a = '11111111-2222-4333-8444-555555555555';
    const b = '11111111-2222-4333-8444-666666666666';
    expect(assemblyBallotId(m)).toBe(assemblyBallotId(m));
    expect(assemblyMatterId(m, a)).not.toBe(assemblyMatterId(m, b));
    expect(assemblyMatterId(m, a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  });
});
