/**
 * `npm run bench`: every benchmark of the project, each printing its figures beside a bare baseline
 * measured in the same run, with the ratio. Speed is measured here, never by timed assertions.
 */
import { runSettleBench } from './settle-bench';
import { runQueueBench } from './queue-bench';
import { runQueueSandboxBench } from './queue-sandbox-bench';
import { runCatalogBench } from './catalog-bench';
import { runColdStartBench } from './cold-start-bench';

const benches: readonly [string, () => Promise<string[]>][] = [
  ['settlement overhead (settlement-core issue)', () => runSettleBench()],
  ['durable queue (reliability issue)', () => runQueueBench()],
  ['durable queue against the sandbox (reliability issue)', () => runQueueSandboxBench()],
  ['local payment scope (catalog issue)', () => runCatalogBench()],
  ['cold start (performance issue)', () => runColdStartBench()],
];

// `npm run bench -- settle cold` runs only the benches whose name contains one of the words.
const only = process.argv.slice(2).map((w) => w.toLowerCase());
for (const [name, run] of benches) {
  if (only.length > 0 && !only.some((w) => name.toLowerCase().includes(w))) continue;
  console.log(`\n== ${name}`);
  try {
    console.log((await run()).join('\n'));
  } catch (e) {
    console.log(`failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
