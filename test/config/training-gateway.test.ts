/**
 * Training behind a gateway (`serve --training --gateway csb|tif|sm|FILE`): the same profile is
 * wired to both sides; the sandbox's side is a valid gateway file, and for sm it holds the public
 * key of the adapter's private key, never the private key itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { trainingGateway } from '../../main/app/training-gateway';
import { parseGatewayFile } from '../../sandbox/gateway/gateway-file';

describe('trainingGateway', () => {
  it.each(['csb', 'tif', 'sm'] as const)('the demo %s profile: adapter keys resolved, sandbox file valid', (style) => {
    const g = trainingGateway(style);
    expect(g.adapter.style).toBe(style);
    expect(parseGatewayFile(g.sandbox, 'training').style).toBe(style);
    expect(JSON.stringify(g.sandbox)).not.toContain('sm2_private_key');
  });

  it('a gateway file: plain-string secrets accepted in training; sm public key = the private key’s', () => {
    const pair = smCrypto.sm2.generateKeyPairHex();
    const dir = mkdtempSync(path.join(tmpdir(), 'train-gw-'));
    const file = path.join(dir, 'gw.json');
    writeFileSync(
      file,
      JSON.stringify({
        style: 'sm',
        client_id: 'C',
        client_secret: 'CS',
        username: 'U',
        password: 'PW',
        sm4_key: '0123456789abcdef0123456789abcdef',
        sm2_private_key: pair.privateKey,
      }),
    );
    const g = trainingGateway(file);
    expect(g.adapter).toMatchObject({ style: 'sm', sm2_private_key: pair.privateKey, scope: 'all' });
    expect(g.sandbox).toMatchObject({ style: 'sm', sm2_public_key: pair.publicKey.slice(2) });
    expect(g.sandbox).not.toHaveProperty('sm2_private_key');
  });

  it('a bad file fails naming the key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'train-gw-'));
    const file = path.join(dir, 'gw.json');
    writeFileSync(file, JSON.stringify({ style: 'tif', paas_id: 'P' }));
    expect(() => trainingGateway(file)).toThrow(/upstream\.gateway\.paas_token/);
  });
});
