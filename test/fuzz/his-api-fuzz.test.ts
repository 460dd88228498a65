/**
 * The HIS API and bridge fuzz suite (hardening issue item 8; the cases and checks are in
 * ./his-api-fuzz.ts). The CI run is short (a fixed number of cases, ~15 s); `npm run test:fuzz`
 * runs the same properties longer (`--mode fuzz`: 3,000 cases and a fresh seed each run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startMemoryChild, type MemoryChild } from '../his-api/memory-child-process';
import { fuzzCaseArb, runCase, waitQuiet, type FuzzStats } from './his-api-fuzz';

const LONG = (import.meta as ImportMeta & { env?: { MODE?: string } }).env?.MODE === 'fuzz';
const RUNS = LONG ? 3_000 : 250;
const MB = 1024 * 1024;
/** The child's heap limit, and the peak heapUsed the run must stay under. */
const HEAP_MB = 256;
const HEAP_BOUND = 160 * MB;

let c: MemoryChild;
beforeAll(async () => {
  c = await startMemoryChild(HEAP_MB);
  await waitQuiet(c);
}, 150_000);
afterAll(async () => c?.stop());

describe('fuzzing the HIS API and the bridge', () => {
  it(
    'nothing crashes; every answer is JSON, a success or a coded 4xx; refusals store nothing; the heap stays bounded',
    async () => {
      const stats: FuzzStats = { runs: 0, byStatus: {}, peakHeapMb: 0 };
      let peak = 0;
      await fc.assert(
        fc.asyncProperty(fuzzCaseArb, async (k) => {
          await runCase(c, k, stats);
          if (stats.runs % 25 === 0) peak = Math.max(peak, (await c.report()).peakHeap);
        }),
        { numRuns: RUNS, ...(LONG ? {} : { seed: 20261205 }), endOnFailure: true },
      );
      peak = Math.max(peak, (await c.report()).peakHeap);
      stats.peakHeapMb = Math.round(peak / MB);
      process.stdout.write(`fuzz: ${JSON.stringify(stats)}\n`);
      expect(c.alive()).toBe(true);
      expect(peak).toBeLessThan(HEAP_BOUND);
      // The run reached past validation: some requests succeeded and some were refused.
      expect(Object.keys(stats.byStatus).some((s) => Number(s) < 300)).toBe(true);
      expect(stats.byStatus[400] ?? 0).toBeGreaterThan(0);
    },
    LONG ? 1_800_000 : 120_000,
  );
});
