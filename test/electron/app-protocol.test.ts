/** The app scheme (Electron checklist 18): serves only the renderer folder, always with the CSP. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_INDEX_URL, createAppProtocolHandler } from '../../main/app/app-protocol';
import { RENDERER_CSP } from '../../shared/ipc/http-transport';

const root = mkdtempSync(join(tmpdir(), 'app-proto-'));
const rendererDir = join(root, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(rendererDir, 'app.js'), 'void 0;');
writeFileSync(join(root, 'secret.html'), 'secret');
const handler = createAppProtocolHandler(rendererDir);

describe('app protocol', () => {
  it('serves the page with the CSP and no-sniff headers', async () => {
    const r = await handler(new Request(APP_INDEX_URL));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toContain('<title>x</title>');
    const js = await handler(new Request('app://cashier/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses files outside the renderer folder, other hosts and unknown types', async () => {
    for (const url of [
      'app://cashier/%2e%2e/secret.html',
      'app://cashier/..%2fsecret.html',
      'app://other/index.html',
      'app://cashier/missing.html',
      'app://cashier/app.exe',
    ]) {
      const r = await handler(new Request(url));
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    }
    const post = await handler(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(404);
  });
});
