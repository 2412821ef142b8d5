/**
 * What every browser test of the web shares: Debian's Chromium through playwright-core, the phone
 * every page is made for, screenshots into `test-artifacts/` (not committed), and the axe-core
 * scan (serious and critical violations only).
 *
 * @example
 * ```ts
 * import { launchChromium, phone, screenshots, seriousViolations } from '../test-browser.ts';
 *
 * let browser: Browser;
 * beforeAll(async () => {
 *   browser = await launchChromium();
 * });
 * afterAll(() => browser?.close());
 * const shot = screenshots('proposals-');
 *
 * it('has no serious accessibility violations', async () => {
 *   // axe is injected as a script, which the pages' CSP forbids: the context bypasses it.
 *   const page = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
 *   await page.goto(url);
 *   await shot(page, '1-list'); // test-artifacts/proposals-1-list.png
 *   expect(await seriousViolations(page)).toEqual([]);
 * });
 * ```
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's package `chromium`; playwright's own browser builds cannot be downloaded here. */
export const chromiumPath = '/usr/bin/chromium';

/** `services/web/test-artifacts/`: where screenshots go (ignored by git). */
export const artifactsDir = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

/** An old small phone in portrait, in Chinese: the device every page is built for. */
export const phone: BrowserContextOptions = {
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

/** A committee member's desk: a laptop screen, in Chinese. */
export const desk: BrowserContextOptions = {
  viewport: { width: 1024, height: 768 },
  locale: 'zh-CN',
};

/**
 * Headless Chromium, or an error that says how to install it. Also creates the artifacts folder.
 * Close it in `afterAll`.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}; browser tests need Debian's: apt-get install chromium`,
    );
  }
  mkdirSync(artifactsDir, { recursive: true });
  // playwright gives every launch a fresh, empty user-data dir; the flags keep Chromium off the
  // network it cannot reach here.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The path of `test-artifacts/<name>.png`. */
export const artifactPath = (name: string) => `${artifactsDir}${name}.png`;

/**
 * A function that saves a page as `test-artifacts/<prefix><name>.png`: the whole page, or with
 * `{ firstScreen: true }` only what the viewport shows.
 */
export function screenshots(prefix: string) {
  return (page: Page, name: string, options: { firstScreen?: boolean } = {}) =>
    page.screenshot({ path: artifactPath(`${prefix}${name}`), fullPage: !options.firstScreen });
}

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact: string; help: string; nodes: unknown[] }[];
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * axe-core's serious and critical violations of the page as it is now, one line each (`[]` when
 * clean). The page's context must bypass CSP (`bypassCSP: true`) so that axe can be injected.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
    return axe.run();
  });
  // A scan that checked nothing would also find nothing wrong.
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} ×${v.nodes.length}`);
}

/**
 * Walks a test through pages: `scan(page, name)` records the page's serious violations under
 * `name` in `found` and saves its screenshot; assert `found` once at the end, so one run names
 * every page with a problem.
 */
export function axeScanner(shot: ReturnType<typeof screenshots>) {
  const found: Record<string, string[]> = {};
  return {
    found,
    async scan(page: Page, name: string) {
      found[name] = await seriousViolations(page);
      await shot(page, name);
    },
  };
}

/** The document's width in CSS pixels: wider than the viewport means sideways scrolling. */
export const pageWidth = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
