/** What the cashier reads: messages fit the step, no rule codes, one note per reason, one number format. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_PERSON, explainForAction, plainNote, withoutRuleCodes } from '../../renderer/lib/messages';
import { differenceNotes } from '../../renderer/lib/difference-notes';
import { displayDecimal, negate } from '../../renderer/lib/amount';
import { mayChangeEndpoint, touchesItOnlyFields, WINDOW_ROLE } from '../../shared/settings-access';

const info = (code: string, message = 'm', hint = 'h') => ({
  code,
  message,
  hint,
  actor: 'it' as const,
  retryable: false,
});

describe('messages', () => {
  it('an unknown person at identify reads as such and stays with the cashier', () => {
    const e = explainForAction(info('NOT_FOUND', '平台上找不到这笔记录。'), 'identify');
    expect(e.message).toBe(UNKNOWN_PERSON);
    expect(e.actor).toBe('cashier');
    expect(e.code).toBe('NOT_FOUND');
  });
  it('a pre-settle without an answer is a pre-settle failure, not an outcome to verify', () => {
    const e = explainForAction(info('UPSTREAM_UNKNOWN', '结果未知，系统会自动核实结果。'), 'presettle');
    expect(e.message).toContain('预结算没有成功');
    expect(e.message).not.toContain('核实');
    // A settle keeps its own wording.
    expect(explainForAction(info('UPSTREAM_UNKNOWN', '结果未知'), 'settle').message).toBe('结果未知');
  });
  it('rule codes never reach the cashier', () => {
    expect(withoutRuleCodes('职工：在本地没有有效的异地就医备案，不能直接结算（D-4）。')).toBe(
      '职工：在本地没有有效的异地就医备案，不能直接结算。',
    );
    expect(withoutRuleCodes('按 D-15 处理 (S3)')).toBe('按  处理');
    expect(explainForAction(info('X', '不能结算（D-4）', '见 D-7'), 'settle')).toMatchObject({
      message: '不能结算',
      hint: '见',
    });
  });
});

describe('history notes', () => {
  it('lose transaction numbers and bracketed codes', () => {
    expect(plainNote('发送冲正（2601）')).toBe('发送冲正');
    expect(plainNote('[NOT_FOUND] 平台上找不到 (5203)')).toBe('平台上找不到');
  });
});

describe('difference notes', () => {
  it('say each reason once per line, without the bracketed code', () => {
    const reason = '[NOT_IN_LOCAL_CATALOG] 本地目录中没有该项目；请同步目录。';
    const notes = differenceNotes([{ reason }, { reason }, { reason: '[CAP_DIFFERS] 限价不同。' }, { reason }]);
    expect(notes).toEqual([
      { code: 'NOT_IN_LOCAL_CATALOG', text: '本地目录中没有该项目；请同步目录。' },
      { code: 'CAP_DIFFERS', text: '限价不同。' },
    ]);
  });
});

describe('numbers for people', () => {
  it('quantities up to 4 and prices up to 6 decimals, without trailing zeros', () => {
    expect(displayDecimal('2.0000', 4)).toBe('2');
    expect(displayDecimal('2.5000', 4)).toBe('2.5');
    expect(displayDecimal('18.600000', 6)).toBe('18.6');
    expect(displayDecimal('0.123456', 6)).toBe('0.123456');
    expect(displayDecimal('-1.50', 4)).toBe('-1.5');
    expect(displayDecimal('007.10', 4)).toBe('7.1');
    expect(displayDecimal('abc', 4)).toBe('abc');
  });
  it('property: the shown text has no trailing zero and reads back as the same decimal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 3 }),
        (i, f, pad) => {
          const frac = String(f).padStart(4, '0');
          const text = displayDecimal(`${i}.${frac}${'0'.repeat(pad)}`, 4);
          expect(text).not.toMatch(/\.\d*0$/);
          expect(text).not.toMatch(/\.$/);
          const [ip, fp = ''] = text.split('.');
          expect(ip).toBe(String(i));
          expect(fp.padEnd(4, '0')).toBe(frac);
        },
      ),
    );
  });
  it('a refund is the negative amount', () => {
    expect(negate('12.50')).toBe('-12.50');
    expect(negate('-3.00')).toBe('3.00');
    expect(negate('0.00')).toBe('0.00');
  });
});

describe('settings access (one place of the rule)', () => {
  it('the window is a cashier: endpoint and institution are read-only until the IT role exists', () => {
    expect(WINDOW_ROLE).toBe('cashier');
    expect(mayChangeEndpoint('cashier')).toBe(false);
    expect(mayChangeEndpoint('it_admin')).toBe(true);
    expect(touchesItOnlyFields({ upstream: { url: 'http://10.0.0.1' } })).toBe(true);
    expect(touchesItOnlyFields({ institution: { fixmedins_name: 'x' } })).toBe(true);
    expect(touchesItOnlyFields({ upstream: { timeout_ms: 5000 } })).toBe(false);
    expect(touchesItOnlyFields({ operator: { opter: 'A1' } })).toBe(false);
  });
});
