/** Pure logic of the cashier UI: what the identify field received, and amounts for display. */
import { describe, expect, it } from 'vitest';
import { classifyInput } from '../../renderer/lib/classify-input';
import { amountsDiffer, displayAmount } from '../../renderer/lib/amount';

const TODAY = '2026-11-23';

describe('classifyInput (D-1, D-2)', () => {
  it('reads an e-voucher token as 01', () => {
    expect(classifyInput(' ecdemo-0001-031X ', TODAY)).toEqual({
      ok: true,
      medium: 'evoucher',
      request: { mdtrt_cert_type: '01', mdtrt_cert_no: 'ecdemo-0001-031X' },
    });
  });
  it('reads a valid ID number as 02, upper-casing x', () => {
    expect(classifyInput('43010219560302031x', TODAY)).toEqual({
      ok: true,
      medium: 'id_number',
      request: { mdtrt_cert_type: '02', mdtrt_cert_no: '43010219560302031X' },
    });
  });
  it('refuses a wrong check digit, a future birth date and a bad date, naming the reason', () => {
    const bad = classifyInput('430102195603020310', TODAY);
    expect(bad).toMatchObject({ ok: false, code: 'BAD_ID_NUMBER' });
    expect(!bad.ok && bad.message).toContain('校验位');
    expect(classifyInput('430102202712310015', TODAY)).toMatchObject({ ok: false, code: 'BAD_ID_NUMBER' });
    expect(classifyInput('430102195602300013', TODAY)).toMatchObject({ ok: false, code: 'BAD_ID_NUMBER' });
  });
  it('upgrades a legacy 15-digit number', () => {
    const r = classifyInput('430102560302031', TODAY);
    expect(r.ok && r.request.mdtrt_cert_type).toBe('02');
    expect(r.ok && r.request.mdtrt_cert_no).toHaveLength(18);
  });
  it('reads a card-reader line as 03 with card no (3rd) and card_sn (4th)', () => {
    expect(
      classifyInput('430102|43010219560302031X|A00000001|430102D1560000000001ABCDEF012345|张建国|', TODAY),
    ).toEqual({
      ok: true,
      medium: 'card',
      request: { mdtrt_cert_type: '03', mdtrt_cert_no: 'A00000001', card_sn: '430102D1560000000001ABCDEF012345' },
    });
    expect(classifyInput('430102|43010219560302031X|A00000001', TODAY)).toMatchObject({
      ok: false,
      code: 'BAD_CARD_LINE',
    });
    expect(classifyInput('430102|x||sn', TODAY)).toMatchObject({ ok: false, code: 'BAD_CARD_LINE' });
  });
  it('asks for the card when only a card number was typed, and for input when empty', () => {
    expect(classifyInput('A00000001', TODAY)).toMatchObject({ ok: false, code: 'CARD_NOT_READ' });
    expect(classifyInput('   ', TODAY)).toMatchObject({ ok: false, code: 'EMPTY' });
  });
});

describe('displayAmount', () => {
  it('formats for people and keeps the plain 2-dp string', () => {
    expect(displayAmount('1234.5')).toEqual({ text: '¥1,234.50', plain: '1234.50' });
    expect(displayAmount(839.39)).toEqual({ text: '¥839.39', plain: '839.39' });
    expect(displayAmount('-12')).toEqual({ text: '-¥12.00', plain: '-12.00' });
    expect(displayAmount('1000000')).toEqual({ text: '¥1,000,000.00', plain: '1000000.00' });
  });
  it('shows a dash for absent amounts', () => {
    expect(displayAmount(null)).toEqual({ text: '—', plain: '' });
    expect(displayAmount('')).toEqual({ text: '—', plain: '' });
  });
  it('compares amounts as decimals', () => {
    expect(amountsDiffer('10', '10.00')).toBe(false);
    expect(amountsDiffer('0.00', '10.00')).toBe(true);
    expect(amountsDiffer(null, '1')).toBe(false);
  });
});
