// Dictionaries of docs/protocol.md §3: Chinese names, raw display of unknown codes, normalisation.
import { describe, expect, it } from 'vitest';
import {
  CHRGITM_LV,
  DIAG_TYPE,
  DSCG_WAY,
  FUND_PAY_TYPE,
  GEND,
  INSUTYPE,
  MDTRT_CERT_TYPE,
  MED_CHRGITM_TYPE,
  MED_TYPE,
  PSN_CERT_TYPE,
  PSN_INSU_STAS,
  PSN_SETLWAY,
  CLR_TYPE,
  REGISTRATION_KIND,
  REGISTRATION_KINDS,
  benefitLineOf,
  chrgitmLvName,
  clrTypeOfLine,
  dictLabel,
  dictName,
  inDict,
  isInsuActive,
  isTemporaryRegistration,
  normalizeChrgitmLv,
} from '../../shared/dicts';
import type { Dict } from '../../shared/dicts';

describe('dictionaries', () => {
  it('name codes in Chinese', () => {
    expect(dictName(MDTRT_CERT_TYPE, '01')).toBe('医保电子凭证');
    expect(dictName(PSN_CERT_TYPE, '17')).toBe('港澳台居民居住证');
    expect(dictName(INSUTYPE, '390')).toBe('城乡居民基本医疗保险');
    expect(dictName(MED_TYPE, '14')).toBe('门诊慢特病');
    expect(dictName(MED_CHRGITM_TYPE, '14')).toBe('其他费');
    expect(dictName(FUND_PAY_TYPE, '999996')).toBe('医院垫付/医院负担');
    expect(dictName(CLR_TYPE, '21')).toBe('住院');
    expect(dictName(PSN_SETLWAY, '01')).toBe('按项目结算');
    expect(dictName(GEND, '2')).toBe('女');
    expect(dictName(DSCG_WAY, '5')).toBe('死亡');
    expect(dictName(DIAG_TYPE, '1')).toBe('西医诊断');
    expect(dictName(PSN_INSU_STAS, '1')).toBe('正常参保');
    expect(dictName(REGISTRATION_KIND, 'other_temporary')).toBe('其他临时外出就医');
  });

  it('show unknown codes raw and never read prototype keys as codes', () => {
    expect(dictName(INSUTYPE, '311')).toBe('311');
    expect(dictName(MED_TYPE, '140104')).toBe('140104');
    expect(dictName(GEND, 'constructor')).toBe('constructor');
    expect(dictName(GEND, null)).toBe('');
    expect(inDict(GEND, 'toString')).toBe(false);
    expect(dictLabel(INSUTYPE, '310')).toBe('310 职工基本医疗保险');
    expect(dictLabel(INSUTYPE, '999')).toBe('999');
  });

  it('every dictionary holds Chinese names only', () => {
    const all: Dict[] = [
      MDTRT_CERT_TYPE,
      PSN_CERT_TYPE,
      INSUTYPE,
      MED_TYPE,
      MED_CHRGITM_TYPE,
      CHRGITM_LV,
      FUND_PAY_TYPE,
      CLR_TYPE,
      PSN_SETLWAY,
      GEND,
      DSCG_WAY,
      DIAG_TYPE,
      PSN_INSU_STAS,
      REGISTRATION_KIND,
    ];
    for (const d of all) for (const name of Object.values(d)) expect(name).toMatch(/[\u4e00-\u9fa5]/);
    expect(Object.keys(MED_CHRGITM_TYPE)).toHaveLength(14);
  });

  it('normalise chrgitm_lv "1" → "01"', () => {
    expect(normalizeChrgitmLv('1')).toBe('01');
    expect(normalizeChrgitmLv(3)).toBe('03');
    expect(normalizeChrgitmLv('02')).toBe('02');
    expect(normalizeChrgitmLv('9')).toBe('9');
    expect(chrgitmLvName('2')).toBe('乙类');
    expect(chrgitmLvName('03')).toBe('丙类（自费）');
  });

  it('map med_type to its benefit line and clearing type (docs/sandbox-policy.md §4)', () => {
    expect(['21', '22', '23', '24', '25'].map(benefitLineOf)).toEqual(Array(5).fill('inpatient'));
    expect(['11', '12', '13'].map(benefitLineOf)).toEqual(Array(3).fill('outpatient'));
    expect(benefitLineOf('14')).toBe('chronic');
    expect(benefitLineOf('41')).toBe('pharmacy');
    expect(benefitLineOf('26')).toBeNull();
    expect(benefitLineOf('51')).toBeNull();
    expect(clrTypeOfLine('chronic')).toBe('11');
    expect(clrTypeOfLine('inpatient')).toBe('21');
    expect(clrTypeOfLine('pharmacy')).toBe('41');
  });

  it('registration kinds and insurance status', () => {
    expect(REGISTRATION_KINDS).toEqual(['long_term', 'referral', 'emergency', 'other_temporary', 'chronic']);
    expect(REGISTRATION_KINDS.filter(isTemporaryRegistration)).toEqual(['referral', 'emergency', 'other_temporary']);
    expect(isInsuActive('1')).toBe(true);
    expect(isInsuActive('4')).toBe(false);
    expect(isInsuActive(null)).toBe(false);
  });
});
