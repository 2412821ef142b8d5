import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * What a service declares in its package.json to be started by the launcher:
 * `"yishi": { "port": 4101, "title": "目录 Directory" }`, with `src/main.ts` (serves on PORT) and,
 * when it owns a database, `src/migrate.ts` (applies its migrations, then exits). `nodeOptions`,
 * e.g. `"--max-semi-space-size=64"`, go into its NODE_OPTIONS, as its container image sets them.
 */
const manifestSchema = z.object({
  name: z.string(),
  yishi: z.object({
    port: z.number().int().min(1).max(65_535),
    title: z.string().optional(),
    nodeOptions: z.string().optional(),
  }),
});

export interface ServiceInfo {
  /** Folder name, e.g. `ballots`; also its database name suffix and env prefix. */
  name: string;
  title: string;
  dir: string;
  port: number;
  hasMigrations: boolean;
  /** Added to NODE_OPTIONS when it runs. */
  nodeOptions?: string;
}

/** The services under `servicesDir`, in name order; folders without a `yishi` manifest are skipped. */
export function discoverServices(servicesDir: string, portBase?: number): ServiceInfo[] {
  const root = resolve(servicesDir);
  if (!existsSync(root)) return [];
  const found: ServiceInfo[] = [];
  for (const name of readdirSync(root).sort()) {
    const manifestPath = join(root, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    if (!parsed.success || !existsSync(join(root, name, 'src/main.ts'))) continue;
    found.push({
      name,
      title: parsed.data.yishi.title ?? name,
      dir: join(root, name),
      port: parsed.data.yishi.port,
      hasMigrations: existsSync(join(root, name, 'src/migrate.ts')),
      ...(parsed.data.yishi.nodeOptions && { nodeOptions: parsed.data.yishi.nodeOptions }),
    });
  }
  return portBase === undefined ? found : found.map((s, i) => ({ ...s, port: portBase + i }));
}

/** `ballots` → `YISHI_BALLOTS_URL`: how services find each other's HTTP APIs. */
export const serviceUrlVariable = (name: string) =>
  `YISHI_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
