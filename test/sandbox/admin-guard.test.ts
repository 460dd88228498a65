/**
 * The training sandbox's `/__admin/` against web pages (hardening issue item 6): a `Host` other
 * than the sandbox's own address is refused (DNS rebinding), and a POST needs
 * `Content-Type: application/json` (a page can send text/plain or a form cross-site without a
 * preflight, never JSON). The real sandbox in-process over real HTTP; the fault list shows that a
 * refused request armed nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../sandbox/server';
import { DEMO_SCENARIO } from '../../main/app/runtime';
import { rawRequest } from '../his-api/raw-request';
import { isJsonContentType } from '../../sandbox/http/admin';

let sbx: SandboxHandle;
beforeAll(async () => {
  sbx = await startSandbox({ port: 0, scenario: DEMO_SCENARIO, dataDir: mkdtempSync(join(tmpdir(), 'sbx-admin-')) });
});
afterAll(async () => sbx.close());

const FAULT = JSON.stringify({ faults: [{ infno: '2207', action: 'drop_before' }] });
const armed = async () => {
  const a = await rawRequest({ url: sbx.url, method: 'GET', path: '/__admin/faults' });
  return (a.json as { faults: unknown[] }).faults.length;
};

describe('sandbox /__admin/ guard', () => {
  it('refuses a foreign Host, even for reading', async () => {
    const evil = { Host: `evil.example:${sbx.port}` };
    const read = await rawRequest({ url: sbx.url, method: 'GET', path: '/__admin/settlements', headers: evil });
    expect(read.status).toBe(403);
    const rebound = { Host: 'rebound.example', 'Content-Type': 'application/json' };
    const post = await rawRequest({ url: sbx.url, path: '/__admin/faults', headers: rebound, body: FAULT });
    expect(post.status).toBe(403);
    expect(await armed()).toBe(0);
  });

  it('refuses a POST that is not JSON (text/plain, form, none) and arms nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const a = await rawRequest({
        url: sbx.url,
        path: '/__admin/faults',
        headers: type ? { 'Content-Type': type } : {},
        body: FAULT,
      });
      expect(a.status).toBe(415);
    }
    expect(await armed()).toBe(0);
    const json = { 'Content-Type': 'application/json; charset=utf-8', Host: `localhost:${sbx.port}` };
    const ok = await rawRequest({ url: sbx.url, path: '/__admin/faults', headers: json, body: FAULT });
    expect(ok.status).toBe(200);
    expect(await armed()).toBe(1);
    expect((await rawRequest({ url: sbx.url, method: 'DELETE', path: '/__admin/faults' })).status).toBe(200);
  });

  it('reads the content type strictly', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON;charset=UTF-8')).toBe(true);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType('text/plain; application/json')).toBe(false);
  });
});
