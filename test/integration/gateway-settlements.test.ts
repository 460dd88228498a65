/**
 * Settlements through each gateway style (issue 16 "What it must show"): the real sandbox process
 * behind a csb, tif or sm gateway (`--gateway FILE`), adapters configured with `upstream.gateway`
 * and secrets in files or environment variables, driven through the HIS API. Every refusal ends
 * with its named code at the HIS, nothing reversed, the journal saying "refused" (not processed),
 * the sandbox's ledger empty, and the same settle going through once the cause is fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseLosslessNumber, stringify } from 'lossless-json';
import smCrypto from 'sm-crypto';
import { ctAndLiverBill, line, openVisit, PATIENTS } from './settlement-env';
import { SM4_KEY, startGatewayEnv, startTamperProxy, type GatewayEnv, type Style } from './gateway-env';
import type { HisApi } from '../support/his-api-client';

interface SettleBody {
  state: string;
  setlinfo: Record<string, string | null>;
  error?: { code: string; upstream_err_msg?: string };
}
interface Health {
  status: string;
  upstream: { gateway: string; gateway_refusal: { code: string; message: string } | null };
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

async function openAndUpload(
  api: HisApi,
  p: { psn_no: string; certno: string; insutype: string },
  no: string,
): Promise<{ visit_id: string; mdtrt_id: string }> {
  const v = await openVisit(api, p, no);
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const up = await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, { lines: ctAndLiverBill(no) });
  expect(up.status, JSON.stringify(up.body)).toBe(200);
  return v.body;
}

describe.each<Style>(['csb', 'tif', 'sm'])('gateway style %s', (style) => {
  let env: GatewayEnv;
  let api: HisApi;
  let dataDir: string;
  let offset = 0;

  beforeAll(async () => {
    env = await startGatewayEnv(style);
    const a = await env.adapter('good', { clockOffset: () => offset });
    api = a.api;
    dataDir = a.dataDir;
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  it('settles an outpatient visit with the hand-computed figures', async () => {
    const v = await openAndUpload(api, PATIENTS.longTerm, `MZ-${style}-1`);
    const s = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    // demo policy: local rates + retired bonus (settlement-flows.test.ts "long-term resident").
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '365.00',
      hifp_pay: '71.40',
      psn_part_amt: '293.60',
      psn_cash_pay: '293.60',
    });
    expect(await env.ledger(v.mdtrt_id)).toMatchObject([{ state: 'settled', infno: '2207' }]);
    const h = await api.get<Health>('/api/v1/health');
    expect(h.body.upstream).toMatchObject({ gateway: style, gateway_refusal: null });
  });

  it('settles an inpatient stay after discharge', async () => {
    const v = await openVisit(api, PATIENTS.inpatient, `ZY-${style}-1`, 'inpatient', {
      dise_codg: 'K80.100',
      dise_name: '胆囊结石',
      begntime: '2026-11-15 08:00:00',
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const up = await api.post(`/api/v1/visits/${v.body.visit_id}/fees`, {
      lines: [
        line(`ZY-${style}-1-1`, '003315000010000', '腹腔镜胆囊切除术', '3200.00', '1', '3200.00'),
        line(`ZY-${style}-1-2`, '001101000010000', '床位费(三人间)', '40.00', '5', '200.00'),
      ],
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(
      (await api.post(`/api/v1/visits/${v.body.visit_id}/discharge`, { endtime: '2026-11-20 10:00:00', dscg_way: '1' }))
        .status,
    ).toBe(200);
    const s = await api.post<SettleBody>(`/api/v1/visits/${v.body.visit_id}/settle`, { acct_used_flag: '0' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.setlinfo).toMatchObject({
      medfee_sumamt: '3400.00',
      hifp_pay: '1848.75',
      psn_cash_pay: '1551.25',
      clr_type: '21',
    });
    expect(await env.ledger(v.body.mdtrt_id)).toMatchObject([{ state: 'settled', infno: '2304' }]);
  });

  it('a wrong secret ends with GATEWAY_SIGNATURE at the HIS and on the health view', async () => {
    const bad = await env.adapter('wrong', { wrong: true });
    const r = await bad.api.post<SettleBody>('/api/v1/patients/identify', {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: PATIENTS.referral.certno,
    });
    expect(r.status).toBe(502);
    expect(r.body.error?.code).toBe('GATEWAY_SIGNATURE');
    expect(r.body.error?.upstream_err_msg).toMatch(/^\[GATEWAY_SIGNATURE\] /);
    const h = await bad.api.get<Health>('/api/v1/health');
    expect(h.body.status).toBe('degraded');
    expect(h.body.upstream.gateway_refusal).toMatchObject({ code: 'GATEWAY_SIGNATURE' });
    expect(h.body.upstream.gateway_refusal?.message).toMatch(/签名/);
    // The IT settings screen: the style and region, and a connection test naming the cause.
    const settings = await bad.rt.bridge.getSettings();
    expect(settings.ok && settings.value.gateway).toEqual({
      style,
      region_id: 'national-default',
      region_name: expect.any(String),
      vault_available: false,
      vault_keys: [],
    });
    const test = await bad.rt.bridge.testConnection();
    expect(test.ok && test.value).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^医保网关拒收 \[GATEWAY_SIGNATURE\]/),
    });
  });

  it(
    style === 'sm'
      ? 'a clock 15 minutes off does not matter to sm (no timestamp): it settles'
      : 'a clock 15 minutes off: GATEWAY_CLOCK_SKEW, nothing processed or reversed; settles once the clock is right',
    async () => {
      const v = await openAndUpload(api, PATIENTS.referral, `MZ-${style}-CLK`);
      offset = FIFTEEN_MINUTES;
      try {
        const s = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
        if (style === 'sm') {
          expect(s.status, JSON.stringify(s.body)).toBe(200);
          return;
        }
        expect(s.status).toBe(502);
        expect(s.body.error?.code).toBe('GATEWAY_CLOCK_SKEW');
        expect(env.journal(dataDir, v.visit_id).filter((j) => j.infno === '2207' || j.infno === '2601')).toEqual([
          { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_CLOCK_SKEW' },
        ]);
        expect(await env.ledger(v.mdtrt_id)).toEqual([]);
        expect((await api.get<Health>('/api/v1/health')).body.upstream.gateway_refusal).toMatchObject({
          code: 'GATEWAY_CLOCK_SKEW',
        });
      } finally {
        offset = 0;
      }
      const again = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(await env.ledger(v.mdtrt_id)).toMatchObject([{ state: 'settled' }]);
      // The refusal stays on the health view only until a call goes through.
      expect((await api.get<Health>('/api/v1/health')).body.upstream.gateway_refusal).toBeNull();
    },
  );

  it.runIf(style === 'sm')('an expired token: one re-token, then the settle goes through', async () => {
    const v = await openAndUpload(api, PATIENTS.otherTemporary, 'MZ-sm-EXP');
    await env.drill({ expire_tokens: true });
    const s = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '1' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(env.journal(dataDir, v.visit_id).filter((j) => j.infno === '2207')).toEqual([
      { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_TOKEN' },
      { infno: '2207', state: 'SUCCESS', err_code: null },
    ]);
  });

  it.runIf(style === 'sm')(
    'a token refused twice: GATEWAY_TOKEN at the HIS, nothing reversed; settles afterwards',
    async () => {
      const v = await openAndUpload(api, PATIENTS.longTerm, 'MZ-sm-TWICE');
      await env.drill({ refuse_next_tokens: 2 });
      const s = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
      expect(s.status).toBe(502);
      expect(s.body.error?.code).toBe('GATEWAY_TOKEN');
      expect(env.journal(dataDir, v.visit_id).filter((j) => j.infno === '2207' || j.infno === '2601')).toEqual([
        { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_TOKEN' },
        { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_TOKEN' },
      ]);
      expect(await env.ledger(v.mdtrt_id)).toEqual([]);
      const again = await api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    },
  );

  it.runIf(style === 'sm')(
    'a body changed after signing: GATEWAY_SIGNATURE; corrupt ciphertext: GATEWAY_DECRYPT; nothing processed',
    async () => {
      const { sm4 } = smCrypto;
      let mode: 'resign' | 'corrupt' | 'off' = 'resign';
      const proxy = await startTamperProxy(env.sandboxUrl, (text) => {
        if (mode === 'off' || !text.includes('"infno":"2207"')) return null;
        const envl = parse(text, null, parseLosslessNumber) as Record<string, unknown>;
        const cipher = Buffer.from(String(envl['input']), 'base64');
        if (mode === 'corrupt')
          return stringify({ ...envl, input: cipher.subarray(0, cipher.length - 3).toString('base64') }) ?? text;
        // Decrypt with the (known) SM4 key, change the account flag, encrypt again; cainfo stays.
        const plain = Buffer.from(sm4.decrypt(cipher.toString('hex'), SM4_KEY, { output: 'array' }))
          .toString('utf8')
          .replace('"acct_used_flag":"0"', '"acct_used_flag":"1"');
        return (
          stringify({ ...envl, input: Buffer.from(sm4.encrypt(plain, SM4_KEY), 'hex').toString('base64') }) ?? text
        );
      });
      try {
        const t = await env.adapter('tamper', { url: proxy.url });
        const v = await openAndUpload(t.api, PATIENTS.referral, 'MZ-sm-TAMPER');
        const s1 = await t.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
        expect(s1.status).toBe(502);
        expect(s1.body.error?.code).toBe('GATEWAY_SIGNATURE');
        mode = 'corrupt';
        const s2 = await t.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
        expect(s2.status).toBe(502);
        expect(s2.body.error?.code).toBe('GATEWAY_DECRYPT');
        expect(proxy.tampered()).toBe(2);
        expect(env.journal(t.dataDir, v.visit_id).filter((j) => j.infno === '2207' || j.infno === '2601')).toEqual([
          { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_SIGNATURE' },
          { infno: '2207', state: 'DEFINITE_FAIL', err_code: 'GATEWAY_DECRYPT' },
        ]);
        expect(await env.ledger(v.mdtrt_id)).toEqual([]);
        mode = 'off';
        const s3 = await t.api.post<SettleBody>(`/api/v1/visits/${v.visit_id}/settle`, { acct_used_flag: '0' });
        expect(s3.status, JSON.stringify(s3.body)).toBe(200);
        expect(await env.ledger(v.mdtrt_id)).toMatchObject([{ state: 'settled' }]);
      } finally {
        await proxy.close();
      }
    },
  );
});
