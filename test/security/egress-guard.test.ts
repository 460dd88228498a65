/**
 * The egress guard itself (S2): a process started with it cannot reach an address outside its
 * allowlist — by net.connect, http.request or fetch — and each attempt is recorded, so the
 * integration test that finds its log empty is a real check.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/sandbox-process';

const GUARD = path.join(REPO_ROOT, 'test', 'support', 'egress-guard.mjs');

const PROBE = `
import net from 'node:net';
import http from 'node:http';
const tryNet = (port) => new Promise((r) => { const s = net.connect(port, '127.0.0.1'); s.on('connect', () => { s.destroy(); r('connected'); }); s.on('error', (e) => r(e.code)); });
const tryHttp = (port) => new Promise((r) => { const q = http.request({ host: '10.255.255.1', port, path: '/' }, () => r('answered')); q.on('error', (e) => r(e.code)); q.end(); });
const out = { allowed: await tryNet(Number(process.env.OPEN_PORT)), blockedNet: await tryNet(9), blockedHttp: await tryHttp(80),
  blockedFetch: await fetch('http://192.0.2.1:8080/').then(() => 'answered', (e) => e.cause?.code ?? String(e)) };
console.log(JSON.stringify(out));
`;

describe('egress guard', () => {
  it('blocks and records every connection outside the allowlist, lets allowed ones through', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'egress-'));
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const log = path.join(dir, 'egress.log');
      const r = spawnSync(process.execPath, ['--import', GUARD, '--input-type=module', '-e', PROBE], {
        env: { ...process.env, EGRESS_ALLOW: `127.0.0.1:${port}`, EGRESS_LOG: log, OPEN_PORT: String(port) },
        encoding: 'utf8',
        timeout: 20_000,
      });
      // spawnSync blocks this event loop, so the allowed connection is accepted by the kernel backlog.
      const out = JSON.parse(r.stdout.trim()) as Record<string, string>;
      expect(out).toEqual({
        allowed: 'connected',
        blockedNet: 'EGRESS_BLOCKED',
        blockedHttp: 'EGRESS_BLOCKED',
        blockedFetch: 'EGRESS_BLOCKED',
      });
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
        '127.0.0.1:9',
        '10.255.255.1:80',
        '192.0.2.1:8080',
      ]);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
