/**
 * A gateway secret kept in the OS secret store, set from the IT settings screen (docs/protocol.md §1.3):
 * a secret key left out of the configuration file fails the start naming it; once IT saves it
 * through the bridge, the next start reads it from the store and settles through the gateway.
 * The store file holds only ciphertext; the bundle and the settings view never show the value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretCipher } from '../../main/app/secret-vault';
import { createSecretVault } from '../../main/app/secret-vault';
import { ctAndLiverBill, openVisit, PATIENTS } from './settlement-env';
import { startGatewayEnv, type GatewayEnv } from './gateway-env';

/** A stand-in for Electron's safeStorage: XOR with a fixed byte, so the file never holds the text. */
const cipher: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
};
const withoutSecret = (g: Record<string, unknown>) => {
  const { secret: _omitted, ...rest } = g;
  return rest;
};

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv('csb');
}, 60_000);
afterAll(async () => {
  await env?.close();
});

describe('the OS secret store', () => {
  it('a missing secret fails the start naming the key; saved from settings, the next start settles', async () => {
    // The first start finds no secret anywhere: CONFIG_INVALID naming upstream.gateway.secret.
    await expect(env.adapter('vault', { editGateway: withoutSecret, secretCipher: cipher })).rejects.toThrow(
      /upstream\.gateway\.secret/,
    );
    // IT saves it from the settings screen of a running app (same data folder, vault only).
    const pre = await env.adapter('vault-2', { secretCipher: cipher });
    const saved = await pre.rt.bridge.saveGatewaySecret({ key: 'secret', value: 'csb-secret-right' });
    expect(saved.ok && saved.value).toEqual({
      path: 'upstream.gateway.secret',
      stored: ['upstream.gateway.secret'],
      restart_needed: true,
    });
    const stored = readFileSync(path.join(pre.dataDir, 'secrets.json'), 'utf8');
    expect(stored).not.toContain('csb-secret-right');
    const settings = await pre.rt.bridge.getSettings();
    expect(settings.ok && settings.value.gateway).toMatchObject({
      vault_available: true,
      vault_keys: ['upstream.gateway.secret'],
    });
    expect(JSON.stringify(settings)).not.toContain('csb-secret-right');
    await pre.rt.close();
    // Restart on the same folder, the file now without the secret: it comes from the store.
    const again = await env.adapter('vault-2', { editGateway: withoutSecret, secretCipher: cipher });
    const v = await openVisit(again.api, PATIENTS.longTerm, 'MZ-VAULT-1');
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    expect(
      (await again.api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill('MZ-VAULT-1') })).status,
    ).toBe(200);
    const s = await again.api.post<{ state: string }>(`/api/v1/visits/${v.body.visit_id}/settle`, {
      acct_used_flag: '0',
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.state).toBe('settled');
  });

  it('without a secret store (browser mode) saving is refused with a plain reason', async () => {
    const a = await env.adapter('no-vault');
    const r = await a.rt.bridge.saveGatewaySecret({ key: 'secret', value: 'x' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('CONFIG_INVALID');
  });
});

describe('createSecretVault', () => {
  it('round-trips, lists key names only, and treats an undecryptable entry as absent', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vault-')), 'secrets.json');
    const v = createSecretVault(file, cipher);
    expect(v.get('upstream.gateway.secret')).toBeUndefined();
    v.set('upstream.gateway.secret', 'S1');
    v.set('upstream.gateway.password', 'P1');
    expect(v.get('upstream.gateway.secret')).toBe('S1');
    expect(v.keys()).toEqual(['upstream.gateway.password', 'upstream.gateway.secret']);
    const failing: SecretCipher = {
      ...cipher,
      decryptString: () => {
        throw new Error('other account');
      },
    };
    expect(createSecretVault(file, failing).get('upstream.gateway.secret')).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(createSecretVault(file, cipher).keys()).toEqual([]);
  });
});
