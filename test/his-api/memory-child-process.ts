/**
 * Starts test/his-api/memory-child.ts (the product in training mode) with a small heap, and an
 * attacker's sender that streams a huge body until the server answers. Shared by the memory test
 * and the fuzz suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/sandbox-process';

export interface MemoryChild {
  readonly api: string;
  readonly token: string;
  readonly uiUrl: string;
  readonly uiToken: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  alive(): boolean;
  /** Peaks of heapUsed and RSS (bytes) since the last report. */
  report(): Promise<{ peakHeap: number; peakRss: number; heapNow: number }>;
  stop(): Promise<void>;
}

/** Spawns the child with `--max-old-space-size=<heapMb>` and waits for its ready line. */
export async function startMemoryChild(heapMb = 256): Promise<MemoryChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'adapter-mem-'));
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'test/his-api/memory-child.ts', dataDir],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => void (err += d.toString('utf8')));
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`memory child not ready: ${out} ${err}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /ready (\S+) (\S+) (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`memory child exited ${String(code)}: ${err}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const uiUrl = ready[3] ?? '';
  return {
    api: ready[1] ?? '',
    token: ready[2] ?? '',
    uiUrl,
    uiToken: /#token=(.+)$/.exec(uiUrl)?.[1] ?? '',
    dataDir,
    child,
    alive,
    report: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { peakHeap: number; peakRss: number; heapNow: number }));
        child.send('report');
      }),
    stop: async () => {
      if (alive()) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (alive()) child.kill('SIGKILL');
      }
    },
  };
}

/**
 * The attacker: declares (or chunks) a body of `bytes` and streams it as fast as the socket takes
 * it until the server answers; resolves with the status and body of the answer (0 when the
 * connection was cut without one).
 */
export function blast(
  url: string,
  path: string,
  headers: Record<string, string>,
  bytes: number,
  opts: { chunked?: boolean; expectContinue?: boolean } = {},
): Promise<{ status: number; text: string; gotContinue: boolean }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    let answered = false;
    let gotContinue = false;
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          ...headers,
          ...(opts.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(bytes) }),
          ...(opts.expectContinue ? { Expect: '100-continue' } : {}),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), gotContinue }),
        );
        res.on('error', () => resolve({ status: res.statusCode ?? 0, text: '', gotContinue }));
      },
    );
    req.on('error', () => {
      if (!answered) resolve({ status: 0, text: '', gotContinue });
    });
    // A JSON-looking body: `{"lines":[` then spaces, so only size matters.
    const piece = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && !req.destroyed && sent < bytes) {
        const n = Math.min(piece.length, bytes - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    if (opts.expectContinue) {
      req.on('continue', () => {
        gotContinue = true;
        pump();
      });
      req.flushHeaders();
    } else pump();
  });
}
