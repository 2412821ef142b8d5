/**
 * Reads a realistic 20,000-unit roster XLSX and prints how long it takes.
 * Run: pnpm bench (tsx bench/roster-file.bench.ts). Not a test: it asserts nothing but that the
 * file reads back without errors.
 */
import { performance } from 'node:perf_hooks';
import { readRoster, writeRosterXlsx } from '../src/roster-file/index.ts';
import { largeRoster } from './large-roster.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const units = largeRoster();
let started = performance.now();
const bytes = await writeRosterXlsx(units);
const writeMs = performance.now() - started;
const rssBeforeRead = process.memoryUsage().rss;
console.log(`wrote ${units.length} units in ${writeMs.toFixed(0)} ms, ${mb(bytes.length)} XLSX`);

for (const run of ['cold', 'warm']) {
  let progressCalls = 0;
  started = performance.now();
  const { rows, errors } = await readRoster(bytes, 'xlsx', {
    onProgress: () => {
      progressCalls++;
    },
  });
  const readMs = performance.now() - started;
  if (errors.length > 0 || rows.length !== units.length) {
    console.error(errors.slice(0, 5));
    throw new Error(
      `expected ${units.length} rows, read ${rows.length} with ${errors.length} errors`,
    );
  }
  console.log(
    `read (${run}): ${readMs.toFixed(0)} ms, ${Math.round(rows.length / (readMs / 1000))} rows/s, ` +
      `${progressCalls} progress calls`,
  );
}
// maxRSS is the process's peak so far, in KiB.
console.log(
  `RSS before reading ${mb(rssBeforeRead)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
);
