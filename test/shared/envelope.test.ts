// The lenient response envelope (docs/protocol.md §1.2, §1.2a) and the request header reader.
import { describe, expect, it } from 'vitest';
import { parse as losslessParse } from 'lossless-json';
import {
  REQUEST_HEADER_FIELDS,
  RequestEnvelopeSchema,
  ResponseEnvelopeSchema,
  isSuccessResponse,
  successWarning,
} from '../../shared/protocol/envelope';
import type { RequestEnvelope } from '../../shared/protocol/envelope';
import type { Input9001 } from '../../shared/protocol/transactions';

const read = (text: string) => ResponseEnvelopeSchema.safeParse(losslessParse(text));

describe('response envelope', () => {
  it('success is Number(infcode) === 0, whether number, string or lossless', () => {
    for (const code of ['0', '"0"', '0.0', '" 0 "']) {
      const r = read(`{"infcode": ${code}, "output": {}}`);
      expect(r.success && isSuccessResponse(r.data)).toBe(true);
    }
    expect(ResponseEnvelopeSchema.parse({ infcode: 0 }).infcode).toBe(0);
    for (const code of ['-1', '"-1"', '-2', '"1"']) {
      const r = read(`{"infcode": ${code}, "err_msg": "[NOT_FOUND] 原交易不存在", "output": null}`);
      expect(r.success && isSuccessResponse(r.data)).toBe(false);
    }
  });

  it('a missing, empty or non-numeric infcode fails the schema (outcome UNKNOWN)', () => {
    for (const text of [
      '{"output": {}}',
      '{"infcode": "", "output": {}}',
      '{"infcode": null}',
      '{"infcode": "ok"}',
      '{"infcode": true}',
    ]) {
      expect(read(text).success).toBe(false);
    }
  });

  it('tolerates null/""/absent texts, unknown keys and every output form', () => {
    const r = read(`{"type":"json","infcode":0,"inf_refmsgid":"","refmsg_time":null,"err_msg":"成功",
      "appname":"x","mid":12,"message":"ok","output":null}`);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data).toEqual({
      infcode: 0,
      inf_refmsgid: null,
      refmsg_time: null,
      respond_time: null,
      err_msg: '成功',
      warn_msg: null,
      cainfo: null,
      signtype: null,
      enctype: null,
      output: null,
    });
    expect(read('{"infcode":0}').success && read('{"infcode":0}').data).toMatchObject({ output: null });
    const enc = read('{"infcode":0,"output":"B64SM4CIPHERTEXT=="}');
    expect(enc.success && enc.data.output).toBe('B64SM4CIPHERTEXT==');
    expect(read('{"infcode":0,"output":[1]}').success).toBe(false);
    expect(read('{"infcode":0,"output":5}').success).toBe(false);
  });

  it('a non-empty err_msg or warn_msg on success is a warning, a plain "success" is not', () => {
    const env = (err_msg: string | null, warn_msg: string | null) => ({ err_msg, warn_msg });
    expect(successWarning(env(null, null))).toBeNull();
    expect(successWarning(env('success', ''))).toBeNull();
    expect(successWarning(env('成功', null))).toBeNull();
    expect(successWarning(env('部分费用超限价', null))).toBe('部分费用超限价');
    expect(successWarning(env('成功', '账户余额不足'))).toBe('账户余额不足');
  });
});

describe('request envelope', () => {
  it('the type carries every header field of docs/protocol.md §1.1, and the reader fills defaults', () => {
    const env: RequestEnvelope<Input9001> = {
      infno: '9001',
      msgid: 'H41020200011202611201030000001',
      mdtrtarea_admvs: '410202',
      insuplc_admdvs: '',
      recer_sys_code: 'YBXT',
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'op01',
      opter_name: '收费员一',
      inf_time: '2026-11-20 10:30:00',
      fixmedins_code: 'H41020200011',
      fixmedins_name: '示例医院',
      sign_no: '',
      input: { signIn: { opter_no: 'op01', mac: '', ip: '127.0.0.1' } },
    };
    expect(
      Object.keys(env)
        .filter((k) => k !== 'input')
        .sort(),
    ).toEqual([...REQUEST_HEADER_FIELDS].sort());
    const parsed = RequestEnvelopeSchema.parse({ infno: 2207, msgid: env.msgid, input: { data: {} }, extra: 1 });
    expect(parsed.infno).toBe('2207');
    expect(parsed.sign_no).toBe('');
    expect(parsed.input).toEqual({ data: {} });
    expect('extra' in parsed).toBe(false);
  });
});
