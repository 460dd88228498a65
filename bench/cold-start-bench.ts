/**
 * Cold start (issue 19, step 4): from launching `npm run serve -- --config FILE` (against a sandbox
 * process, as at a site) to the first healthy `GET /api/v1/health`, beside a bare `node -e` HTTP
 * server launched the same way and polled the same way, interleaved in the same run. Also the
 * launcher without npm (`node scripts/serve.mjs`) and training mode (`npm run serve -- --training`,
 * embedded sandbox), and the old way, TypeScript through tsx (as the tests still start it). The first,
 * unmeasured launch brings dist/ up to date. Goal: ≤ 1 s.
 *
 * Run alone: `npx tsx bench/cold-start-bench.ts [runs]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandboxOn } from '../test/support/managed-process';
import { REPO_ROOT } from '../test/support/sandbox-process';
import { writeTestScenario } from '../test/support/test-scenario';

const BARE =
  "require('http').createServer((q,s)=>s.end('{}'))" +
  ".listen(0,'127.0.0.1',function(){console.log('his-api: http://127.0.0.1:'+this.address().port)})";

/** Launches `cmd args`, waits for `his-api: URL` on stdout, polls URL/api/v1/health until 200; ms. */
async function timeToHealthy(cmd: string, args: readonly string[], healthPath = '/api/v1/health'): Promise<number> {
  const t0 = performance.now();
  // detached: its own process group, so that npm and its child both stop with it.
  const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')}: no his-api line in 60 s`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const m = /his-api: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr.on('data', () => undefined);
      child.once('exit', (code) => reject(new Error(`${cmd} exited with ${String(code)}`)));
    });
    for (;;) {
      try {
        const r = await fetch(`${url}${healthPath}`);
        await r.arrayBuffer();
        if (r.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Runs the benchmark; returns the lines to print. */
export async function runColdStartBench(n = 5): Promise<string[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
  const sandbox = await startSandboxOn(path.join(root, 'sandbox'), writeTestScenario());
  try {
    const config = (i: number) => {
      const file = path.join(root, `config-${i}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          institution: {
            fixmedins_code: 'H41020200011',
            fixmedins_name: '开封市示范第一医院',
            mdtrtarea_admvs: '410202',
          },
          upstream: { url: sandbox.found.url, timeout_ms: 10_000 },
          operator: { opter: 'B01', opter_name: 'bench' },
          his_api: { port: 0, token: 'bench-token-0123456789abcdef' },
          data_dir: path.join(root, `adapter-${i}`),
        }),
      );
      return file;
    };
    // Unmeasured: brings dist/serve and the UI cache up to date.
    await timeToHealthy('npm', ['run', '--silent', 'serve', '--', '--config', config(-1)]);
    const bare: number[] = [];
    const npmServe: number[] = [];
    const launcher: number[] = [];
    const training: number[] = [];
    const tsx: number[] = [];
    for (let i = 0; i < n; i++) {
      bare.push(await timeToHealthy(process.execPath, ['-e', BARE], '/'));
      npmServe.push(await timeToHealthy('npm', ['run', '--silent', 'serve', '--', '--config', config(i)]));
      launcher.push(await timeToHealthy(process.execPath, ['scripts/serve.mjs', '--config', config(100 + i)]));
      const trainingDir = path.join(root, `training-${i}`);
      training.push(
        await timeToHealthy('npm', ['run', '--silent', 'serve', '--', '--training', '--data', trainingDir]),
      );
      tsx.push(
        await timeToHealthy(process.execPath, ['--import', 'tsx', 'main/app/serve.ts', '--config', config(200 + i)]),
      );
    }
    const f = (x: number) => `${Math.round(x)} ms`;
    const b = median(bare);
    const row = (name: string, xs: number[]) =>
      `  ${name.padEnd(44)} median ${f(median(xs)).padStart(8)}   bare ${f(b)}   ratio ${(median(xs) / b).toFixed(2)}` +
      `   (min ${f(Math.min(...xs))})`;
    return [
      `cold start to a healthy GET /api/v1/health (${n} launches each, interleaved; bare = node -e HTTP server)`,
      row('bare node -e HTTP server', bare),
      row('npm run serve -- --config (sandbox process)', npmServe),
      row('node scripts/serve.mjs --config', launcher),
      row('npm run serve -- --training (embedded)', training),
      row('before: tsx main/app/serve.ts --config', tsx),
      '  goal: npm run serve to a healthy HIS API ≤ 1 s',
    ];
  } finally {
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runColdStartBench(Number(process.argv[2] ?? 5)).then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
