/**
 * E-voucher decoding (issue 16 item 4, docs/protocol.md §5) through the HIS API against the real
 * sandbox: `POST /api/v1/patients/identify` with `ec_qr_code` has the code decoded by the decode
 * service (config `evoucher.url`, default the upstream URL: the sandbox answers the path), then
 * identifies with `mdtrt_cert_type` 01 + the ecToken. Expired, foreign and unknown codes get plain
 * refusals; an unreachable decode service gives up within its own short deadline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIS_TOKEN, startSettlementEnv, type SettlementEnv } from './settlement-env';
import { startServe, type ManagedProcess } from '../support/managed-process';
import { hisApi } from '../support/his-api-client';
import { startBlackholeServer, type BlackholeServer } from '../support/blackhole-server';
import { TEST_BUSINESS_DATE } from '../support/test-scenario';

interface PatientBody {
  psn_no: string;
  psn_name: string;
  credential?: { mdtrt_cert_type: string; mdtrt_cert_no: string };
  error?: { code: string; message: string; hint: string; upstream_err_msg?: string };
}

/** 张建国's e-voucher in the demo scenario. */
const ZHANG = { psn_no: 'DEMO000102031X', token: 'ecdemo-0001-031X' };

let env: SettlementEnv;
beforeAll(async () => {
  env = await startSettlementEnv();
});
afterAll(async () => {
  await env?.close();
});

const identify = (ec_qr_code: string) => env.api.post<PatientBody>('/api/v1/patients/identify', { ec_qr_code });

/** A QR text issued now on the sandbox's clock (its business date with the real China time of day). */
function freshCode(token: string): string {
  const time = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(11, 19).replace(/:/g, '');
  return `${token}@${TEST_BUSINESS_DATE.replace(/-/g, '')}${time}`;
}

describe('identify by e-voucher QR code', () => {
  it('happy path: the code is decoded, 1101 runs with 01 + ecToken, and that credential opens the visit', async () => {
    const r = await identify(freshCode(ZHANG.token));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.psn_no).toBe(ZHANG.psn_no);
    expect(r.body.credential).toEqual({ mdtrt_cert_type: '01', mdtrt_cert_no: ZHANG.token });
    const v = await env.api.post<{ visit_id: string; error?: unknown }>('/api/v1/visits', {
      kind: 'outpatient',
      psn_no: ZHANG.psn_no,
      insutype: '310',
      med_type: '11',
      mdtrt_cert_type: '01',
      mdtrt_cert_no: ZHANG.token,
      ipt_otp_no: 'MZ-EC-1',
      begntime: '2026-11-20 09:00:00',
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    // A plain token scanned as it is (no issue time) decodes too.
    expect((await identify(ZHANG.token)).body.psn_no).toBe(ZHANG.psn_no);
  });

  it('an expired code: EVOUCHER_EXPIRED, the cashier is told to have the code refreshed', async () => {
    const code = `${ZHANG.token}@20200101080000`;
    const r = await identify(code);
    expect(r.status).toBe(422);
    expect(r.body.error?.code).toBe('EVOUCHER_EXPIRED');
    expect(r.body.error?.hint).toContain('请患者刷新电子凭证二维码');
    expect(r.body.error?.upstream_err_msg).toContain('过期');
    expect(JSON.stringify(r.body)).not.toContain(code);
  });

  it('a foreign code (a payment code): EVOUCHER_FOREIGN; an unknown code: EVOUCHER_INVALID', async () => {
    const pay = await identify('134567890123456789');
    expect(pay.status).toBe(422);
    expect(pay.body.error?.code).toBe('EVOUCHER_FOREIGN');
    expect(pay.body.error?.message).toContain('不是医保电子凭证');
    expect(JSON.stringify(pay.body)).not.toContain('134567890123456789');
    const unknown = await identify('ecdemo-9999-NOPE');
    expect(unknown.body.error?.code).toBe('EVOUCHER_INVALID');
    expect(unknown.body.error?.hint).toContain('请患者刷新电子凭证二维码');
  });

  it('bad input names the field and changes nothing', async () => {
    const r = await env.api.post<PatientBody>('/api/v1/patients/identify', { ec_qr_code: 'x'.repeat(600) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('ec_qr_code');
    expect(JSON.stringify(r.body)).not.toContain('x'.repeat(600));
  });
});

describe('decode service unreachable', () => {
  let hole: BlackholeServer;
  let serve: ManagedProcess;
  beforeAll(async () => {
    hole = await startBlackholeServer();
    const dir = path.join(env.dataDir, '..', '..', 'ec-hole');
    mkdirSync(dir, { recursive: true });
    const configPath = path.join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        institution: {
          fixmedins_code: 'H41020200011',
          fixmedins_name: '开封市示范第一医院',
          mdtrtarea_admvs: '410202',
        },
        upstream: { url: env.sandboxUrl, timeout_ms: 5000 },
        evoucher: { url: hole.url, timeout_ms: 800 },
        operator: { opter: 'T001', opter_name: '测试收费员' },
        his_api: { port: 0, token: HIS_TOKEN },
        data_dir: path.join(dir, 'data'),
      }),
    );
    serve = await startServe(configPath);
  });
  afterAll(async () => {
    await serve?.stop();
    await hole?.close();
  });

  it('gives up at the decode deadline with EVOUCHER_UNAVAILABLE (503); the request went to the configured service', async () => {
    const api = hisApi(serve.found.api ?? '', HIS_TOKEN);
    const r = await api.post<PatientBody>('/api/v1/patients/identify', { ec_qr_code: ZHANG.token });
    expect(r.status).toBe(503);
    expect(r.body.error?.code).toBe('EVOUCHER_UNAVAILABLE');
    expect(hole.received()).toContain('POST /localcfc/api/hsecfc/localQrCodeQuery');
    expect(hole.received()).toContain('"transType":"ec.query"');
  });
});
