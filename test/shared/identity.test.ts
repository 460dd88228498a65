// GB 11643 resident ID check (D-2, reliability V1) and the identify-field classifier (D-1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResidentId,
  hasValidCheckChar,
  residentIdCheckChar,
  upgradeLegacyResidentId,
} from '../../shared/identity/gb11643';
import { classifyCredential, parseCardReaderOutput } from '../../shared/identity/credential';

const TODAY = '2026-11-20';
const CHECK_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

describe('GB 11643: vectors', () => {
  it('accepts the standard example and reads what it encodes', () => {
    expect(checkResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      gend: '2',
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const r = checkResidentId(' 11010519491231002x ', TODAY);
    expect(r.ok && r.id).toBe('11010519491231002X');
  });

  it('rejects a wrong check character', () => {
    expect(checkResidentId('110105194912310021', TODAY)).toEqual({ ok: false, reason: 'check_digit' });
    expect(checkResidentId('11010519491231003X', TODAY)).toEqual({ ok: false, reason: 'check_digit' });
  });

  it('rejects 30 February', () => {
    const body = '11010519490230002';
    expect(checkResidentId(body + residentIdCheckChar(body), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
  });

  it('rejects a birth date after today, accepts one on today', () => {
    const future = '11010520261121002';
    expect(checkResidentId(future + residentIdCheckChar(future), TODAY)).toEqual({
      ok: false,
      reason: 'future_birth_date',
    });
    const born = '11010520261120002';
    expect(checkResidentId(born + residentIdCheckChar(born), TODAY).ok).toBe(true);
  });

  it('rejects bad lengths, characters and provinces', () => {
    expect(checkResidentId('1101051949123100', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(checkResidentId('11010519491231002Y', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(checkResidentId('1101051949123X002X', TODAY)).toEqual({ ok: false, reason: 'format' });
    const body = '99010519491231002';
    expect(checkResidentId(body + residentIdCheckChar(body), TODAY)).toEqual({ ok: false, reason: 'province' });
  });

  it('upgrades a 15-digit legacy number: 110105491231002 → 11010519491231002X', () => {
    expect(upgradeLegacyResidentId('110105491231002')).toBe('11010519491231002X');
    expect(upgradeLegacyResidentId('11010549123100')).toBeNull();
    const r = checkResidentId('110105491231002', TODAY);
    expect(r.ok && r.id).toBe('11010519491231002X');
  });

  it('reads the gender from the sequence parity', () => {
    const male = '43010219600101001';
    const r = checkResidentId(male + residentIdCheckChar(male), TODAY);
    expect(r.ok && r.gend).toBe('1');
  });
});

describe('GB 11643: V1 property', () => {
  it('for 10,000 random 17-digit bodies exactly 1 of the 11 check characters passes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }), (digits) => {
        const body = digits.join('');
        const passing = CHECK_CHARS.filter((c) => hasValidCheckChar(body + c));
        expect(passing).toHaveLength(1);
        // The lower-case x passes exactly when X does.
        expect(hasValidCheckChar(`${body}x`)).toBe(passing[0] === 'X');
      }),
      { numRuns: 10_000 },
    );
  });

  it('the check agrees with Σ aᵢ·2^(18−i) ≡ 1 (mod 11), X = 10', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }), (digits) => {
        const c = residentIdCheckChar(digits.join(''));
        const all = [...digits, c === 'X' ? 10 : Number(c)];
        let sum = 0;
        for (let i = 1; i <= 18; i += 1) sum += (all[i - 1] ?? 0) * (2 ** (18 - i) % 11);
        expect(sum % 11).toBe(1);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('identify field classifier', () => {
  it('an ID number (18 or 15) is a resident ID credential 02', () => {
    const c = classifyCredential('11010519491231002x', TODAY);
    expect(c).toMatchObject({
      kind: 'id_number',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: '11010519491231002X',
      check: { ok: true },
    });
    const bad = classifyCredential('110105194912310021', TODAY);
    expect(bad).toMatchObject({
      kind: 'id_number',
      mdtrt_cert_no: '110105194912310021',
      check: { ok: false, reason: 'check_digit' },
    });
    expect(classifyCredential('110105491231002', TODAY)).toMatchObject({
      kind: 'id_number',
      mdtrt_cert_no: '11010519491231002X',
    });
  });

  it('a 9-character card number is a social security card 03 without card_sn', () => {
    expect(classifyCredential('a58570797', TODAY)).toEqual({
      kind: 'ssc_card',
      mdtrt_cert_type: '03',
      mdtrt_cert_no: 'A58570797',
      card_sn: null,
      reader: null,
    });
  });

  it('anything else is an e-voucher token 01', () => {
    expect(classifyCredential('  410000ecut2o4b5d5fh4i4r2hbb0fh0v ', TODAY)).toEqual({
      kind: 'ec_token',
      mdtrt_cert_type: '01',
      mdtrt_cert_no: '410000ecut2o4b5d5fh4i4r2hbb0fh0v',
    });
    expect(classifyCredential('1101051949123100', TODAY).kind).toBe('ec_token'); // 16 digits: no ID shape
    expect(classifyCredential('   ', TODAY)).toEqual({ kind: 'empty' });
  });

  it('a card reader line gives card number and 卡识别码', () => {
    const line =
      '639900|11010519491231002X|X00000019|639900D15600000500BF7C7A48FB4966|张三|0081544C|2.00|20190101|20290101|T01|D01|';
    const c = classifyCredential(line, TODAY);
    expect(c).toMatchObject({
      kind: 'ssc_card',
      mdtrt_cert_no: 'X00000019',
      card_sn: '639900D15600000500BF7C7A48FB4966',
    });
    const r = parseCardReaderOutput(`${line}extra1|\r\n`);
    expect(r.ok && r.record).toMatchObject({
      admdvs: '639900',
      ssn: '11010519491231002X',
      psn_name: '张三',
      spec_version: '2.00',
      issue_date: '20190101',
      valid_until: '20290101',
      terminal_no: 'T01',
      device_no: 'D01',
      extras: ['extra1'],
    });
  });

  it('a short or incomplete reader line is an error, not a token', () => {
    expect(parseCardReaderOutput('639900|110105')).toEqual({ ok: false, reason: 'too_few_fields' });
    expect(parseCardReaderOutput('639900|11010519491231002X||639900D156')).toEqual({
      ok: false,
      reason: 'missing_card_no',
    });
    expect(parseCardReaderOutput('639900|11010519491231002X|X00000019|')).toEqual({
      ok: false,
      reason: 'missing_card_sn',
    });
    expect(classifyCredential('639900|x', TODAY)).toEqual({ kind: 'card_read_error', reason: 'too_few_fields' });
  });
});
