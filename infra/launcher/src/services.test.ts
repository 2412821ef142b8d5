import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverServices } from './services.ts';

/** A services folder with the given package.json manifests, each with a src/main.ts. */
function servicesDir(manifests: Record<string, object>) {
  const root = mkdtempSync(join(tmpdir(), 'yishi-services-'));
  for (const [name, manifest] of Object.entries(manifests)) {
    mkdirSync(join(root, name, 'src'), { recursive: true });
    writeFileSync(join(root, name, 'package.json'), JSON.stringify(manifest));
    writeFileSync(join(root, name, 'src/main.ts'), '');
  }
  return root;
}

describe('discoverServices', () => {
  it('reads each service port, title and node options, and skips folders without a manifest', () => {
    const root = servicesDir({
      ballots: {
        name: '@yishi/ballots',
        yishi: { port: 4102, title: '表决', nodeOptions: '--max-semi-space-size=64' },
      },
      directory: { name: '@yishi/directory', yishi: { port: 4101 } },
      tools: { name: '@yishi/tools' },
    });
    expect(discoverServices(root)).toEqual([
      {
        name: 'ballots',
        title: '表决',
        dir: join(root, 'ballots'),
        port: 4102,
        hasMigrations: false,
        nodeOptions: '--max-semi-space-size=64',
      },
      {
        name: 'directory',
        title: 'directory',
        dir: join(root, 'directory'),
        port: 4101,
        hasMigrations: false,
      },
    ]);
  });
});
