/**
 * The product in training mode (real runtime, embedded sandbox, real SQLite) inside a child process
 * started with a small heap by the memory tests. Prints `ready <his-api url> <token> <ui url>` and
 * samples its own memory every 10 ms; on the IPC message `report` it answers the peaks since the
 * last report. A heap blow-up kills this child, never the test runner.
 */
import { startRuntime } from '../../main/app/runtime';

const dataDir = process.argv[2] ?? '.data/memory-child';
let peakHeap = 0;
let peakRss = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
};
setInterval(sample, 10).unref();

async function main(): Promise<void> {
  const rt = await startRuntime({ training: true, port: 0, dataDir, startQueue: false });
  process.stdout.write(`ready ${rt.hisApiUrl} ${rt.config.his_api.token} ${rt.uiUrl}\n`);
  process.on('message', (m) => {
    if (m !== 'report') return;
    sample();
    process.send?.({ peakHeap, peakRss, heapNow: process.memoryUsage().heapUsed });
    peakHeap = 0;
    peakRss = 0;
  });
  process.on('SIGTERM', () => void rt.close().then(() => process.exit(0)));
}

void main();
