import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tally } from './tally.ts';
import type { TallyInput, TallyResult } from './types.ts';

interface Example extends TallyInput {
  id: string;
  description: string;
  expected: Partial<TallyResult>;
}

// The worked scenarios are kept in the steering repository (../shared/rules beside this checkout);
// a copy is committed so the suite also runs where that folder is absent.
const shared = fileURLToPath(new URL('../../../../../shared/rules/examples.json', import.meta.url));
const fixture = fileURLToPath(new URL('../../test/fixtures/examples.json', import.meta.url));
const examplesPath = existsSync(shared) ? shared : fixture;
const examples: Example[] = JSON.parse(readFileSync(examplesPath, 'utf8'));

describe('tally on the worked examples of rules/examples.json', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((example) => [example.id, example] as const))('%s', (_id, example) => {
    const result = tally(example);
    expect(result).toMatchObject(example.expected);
  });
});
