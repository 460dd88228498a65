// The one redactor (docs/reliability.md S3): canary ID numbers, names, card numbers and tokens never
// come out of redactText / redactObject.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_REMEMBERED_SENSITIVE,
  forgetSensitive,
  maskCardNo,
  maskIdNumber,
  maskName,
  maskPhone,
  maskToken,
  redactObject,
  redactText,
  rememberSensitive,
  rememberedSensitiveCount,
} from '../../shared/redact';
import { residentIdCheckChar } from '../../shared/identity/gb11643';

const CANARY_ID = '11010519491231002X';
const CANARY_ID_15 = '110105491231002';
const CANARY_NAME = '欧阳金花';
const CANARY_CARD = 'A58570797';
const CANARY_TOKEN = '410000ecut2o4b5d5fh4i4r2hbb0fh0v';
const CANARY_TEL = '13800001234';

afterEach(() => forgetSensitive());

function expectNoCanary(out: string): void {
  for (const c of [
    CANARY_ID,
    CANARY_ID.toLowerCase(),
    CANARY_ID_15,
    CANARY_NAME,
    CANARY_CARD,
    CANARY_TOKEN,
    CANARY_TEL,
  ]) {
    expect(out).not.toContain(c);
  }
}

describe('masks', () => {
  it('mask by kind', () => {
    expect(maskIdNumber(CANARY_ID)).toBe('1101**********002X');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName(CANARY_NAME)).toBe('欧***');
    expect(maskName('张')).toBe('*');
    expect(maskCardNo(CANARY_CARD)).toBe('A******97');
    expect(maskToken(CANARY_TOKEN)).toBe('4100****fh0v');
    expect(maskToken('short')).toBe('****');
    expect(maskPhone(CANARY_TEL)).toBe('138****1234');
  });
});

describe('redactText', () => {
  it('masks ID-number-shaped runs wherever they stand', () => {
    const s = `身份证${CANARY_ID}号；旧号 ${CANARY_ID_15}; lower ${CANARY_ID.toLowerCase()}; ID:${CANARY_ID}`;
    const out = redactText(s);
    expectNoCanary(out);
    expect(out).toContain('身份证1101**********002X号');
    expect(out).toContain('旧号 1101*******1002');
  });

  it('leaves longer platform ids alone (19-digit feedetl_sn, 30-char msgid)', () => {
    const s = 'feedetl_sn=1234567890123456789 msgid=H41020200011202611201030000001 amount 41509.00';
    expect(redactText(s)).toBe(s);
  });

  it('masks values of sensitive keys in JSON-looking text', () => {
    const body = JSON.stringify({
      input: {
        data: {
          psn_name: '李四',
          mdtrt_cert_no: CANARY_TOKEN,
          card_sn: 'X'.repeat(32),
          tel: CANARY_TEL,
          certno: 11010519491231,
        },
      },
    });
    const out = redactText(body);
    expectNoCanary(out);
    expect(out).not.toContain('李四');
    expect(out).toContain('"psn_name":"李*"');
    expect(out).not.toContain('11010519491231');
  });

  it('masks values remembered at run time, in any text', () => {
    rememberSensitive(CANARY_NAME, 'name');
    rememberSensitive(CANARY_CARD, 'card');
    rememberSensitive(CANARY_TOKEN, 'token');
    const out = redactText(`患者${CANARY_NAME}刷卡${CANARY_CARD}，扫码${CANARY_TOKEN}结算`);
    expectNoCanary(out);
    expect(out).toBe('患者欧***刷卡A******97，扫码4100****fh0v结算');
  });

  it('the remembered set is bounded; the oldest value is forgotten first', () => {
    rememberSensitive('最早的名字', 'name');
    for (let i = 0; i < MAX_REMEMBERED_SENSITIVE + 10; i += 1) rememberSensitive(`tok-${i}-value`, 'token');
    expect(rememberedSensitiveCount()).toBe(MAX_REMEMBERED_SENSITIVE);
    expect(redactText('最早的名字')).toBe('最早的名字');
    expect(redactText(`tok-${MAX_REMEMBERED_SENSITIVE + 9}-value`)).not.toContain('value');
  });

  it('ignores one-character values', () => {
    rememberSensitive('张', 'name');
    expect(rememberedSensitiveCount()).toBe(0);
  });

  it('property: a random valid-shaped ID number inside random text never comes out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }),
        fc.string({ maxLength: 20 }).map((s) => s.replace(/\d/g, '')),
        fc.string({ maxLength: 20 }).map((s) => s.replace(/\d/g, '')),
        (digits, before, after) => {
          const body = digits.join('');
          const id = body + residentIdCheckChar(body);
          expect(redactText(`${before}${id}${after}`)).not.toContain(id);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('redactObject', () => {
  it('masks sensitive keys by kind and redacts every other string, without touching the input', () => {
    rememberSensitive(CANARY_NAME, 'name');
    const input = {
      infno: '1101',
      input: { data: { mdtrt_cert_type: '02', mdtrt_cert_no: CANARY_ID, psn_name: CANARY_NAME, certno: CANARY_ID } },
      output: {
        baseinfo: {
          psn_no: '43000000000000000000000001',
          psn_name: CANARY_NAME,
          certno: { isLosslessNumber: true, value: '110105194912310021' },
        },
        cardecinfo: {
          ecToken: CANARY_TOKEN,
          cardno: CANARY_CARD,
          card_sn: '639900D15600000500BF7C7A48FB4966',
          idNo: CANARY_ID,
          userName: CANARY_NAME,
        },
        contacts: [{ coner_name: '王五', tel: CANARY_TEL, addr: '河南省郑州市金水区某路1号' }],
      },
      note: `操作员为${CANARY_NAME}读取了${CANARY_ID}`,
    };
    const copy = structuredClone(input);
    const out = redactObject(input) as typeof input;
    expect(input).toEqual(copy);
    expectNoCanary(JSON.stringify(out));
    expect(out.input.data.psn_name).toBe('欧***');
    expect(out.input.data.certno).toBe('1101**********002X');
    expect(out.output.cardecinfo.cardno).toBe('A******97');
    expect(out.output.contacts[0]!.coner_name).toBe('王*');
    expect(out.output.contacts[0]!.addr).toBe('河***');
    expect(out.output.baseinfo.certno).toBe('1101**********0021');
    expect(out.infno).toBe('1101');
    expect(out.input.data.mdtrt_cert_type).toBe('02');
  });

  it('handles errors, cycles, dates and non-plain values', () => {
    const err = new Error(`1101 failed for ${CANARY_ID}`, { cause: { psn_name: CANARY_NAME } });
    const cyc: Record<string, unknown> = { tel: CANARY_TEL };
    cyc.self = cyc;
    const out = redactObject({ err, cyc, when: new Date(0), f: () => 1, n: 12.5, b: true, big: 11010519491231002n });
    const text = JSON.stringify(out);
    expectNoCanary(text);
    expect(text).toContain('[Circular]');
    expect(text).toContain('1970-01-01T00:00:00.000Z');
    expect(out).toMatchObject({ n: 12.5, b: true, err: { name: 'Error', cause: { psn_name: '欧***' } } });
  });
});

describe('birth date and export keys (issue 13 item 3, issue 14 item 9)', () => {
  it('masks a birth date under brdy in objects and JSON text, and works the age out instead', async () => {
    const { ageOn, maskBirthDate } = await import('../../shared/redact');
    expect(maskBirthDate('1949-12-31')).toBe('****-**-**');
    expect(JSON.stringify(redactObject({ baseinfo: { certno: CANARY_ID, brdy: '1949-12-31' } }))).not.toContain(
      '1949-12-31',
    );
    expect(redactText('{"output":{"baseinfo":{"brdy":"1949-12-31","age":"76"}}}')).not.toContain('1949-12-31');
    // Hand-computed: born 1949-12-31 → 77 on 2026-12-31 (2026 − 1949), 76 the day before.
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77);
    expect(ageOn('19491231', '2026-12-30')).toBe(76);
    expect(ageOn('garbage', '2026-12-30')).toBeNull();
  });

  it('redactForExport hides psn_no and balances, also inside embedded JSON text and elsewhere in the bundle', async () => {
    const { redactForExport } = await import('../../shared/redact');
    const bundle = {
      journal: [
        {
          psn_no: 'DEMO000102031X',
          request: '{"input":{"data":{"psn_no":"DEMO000102031X"}}}',
          response:
            '{"output":{"baseinfo":{"psn_no":"DEMO000102031X","brdy":"1956-03-02"},"insuinfo":[{"balc":1850.4}]}}',
        },
      ],
      logs: ['12:00 patient details revealed psn_no=DEMO000102031X'],
      settlement: { setlinfo: { balc: '1766.20', medfee_sumamt: '0.00' }, note: '个人账户支付；支付前余额 1766.20' },
    };
    const out = redactForExport(bundle, 1);
    for (const canary of ['DEMO000102031X', '1956-03-02', '1850.4', '1766.20']) expect(out).not.toContain(canary);
    // Amounts that are not balances stay readable for IT.
    expect(out).toContain('0.00');
    expect(JSON.parse(out)).toBeTypeOf('object');
  });

  it('redactForExport never lets a generated psn_no or balance through', async () => {
    const { redactForExport } = await import('../../shared/redact');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{8,20}$/), fc.integer({ min: 100_000, max: 99_999_999 }), (psn, fen) => {
        const balc = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        const out = redactForExport({
          a: { psn_no: psn, balc },
          t: `{"psn_no":"${psn}","balc":"${balc}"}`,
          log: `x ${psn} y`,
        });
        expect(out).not.toContain(psn);
        expect(out).not.toContain(balc);
      }),
    );
  });
});
