/** Scenario validation (docs/sandbox-policy.md §1): every problem names its path. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { certnoProblem } from '../../sandbox/scenario/certno';
import { ScenarioError, validateScenario } from '../../sandbox/scenario/validate';
import type { Json } from './support/platform-client';

const DEMO = JSON.parse(readFileSync(new URL('../../sandbox/scenarios/demo.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const demo = (): Json => structuredClone(DEMO);

function problems(raw: unknown): string[] {
  try {
    validateScenario(raw);
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('sandbox scenario validation (docs/sandbox-policy.md §1)', () => {
  it('accepts the demo scenario', () => {
    expect(problems(demo())).toEqual([]);
  });

  it('names the path of an unknown insutype code', () => {
    const s = demo();
    s.persons[2].insurances[0].insutype = '311';
    expect(problems(s)).toContain('persons[2].insurances[0].insutype: unknown code "311"');
  });

  it('rejects money without 2 decimals, ratios above 1, unreal dates and bad med_chrgitm_type', () => {
    const s = demo();
    s.persons[0].insurances[0].balc = '1850.4';
    s.policies[0].inpatient.ratio['3'] = '1.20';
    s.persons[1].registrations[0].begndate = '2026-02-30';
    s.catalogs[0].items[0].med_chrgitm_type = '15';
    s.catalogs[0].items[1].chrgitm_lv = '04';
    const p = problems(s);
    expect(p).toContain('persons[0].insurances[0].balc: not a 2-decimal amount: "1850.4"');
    expect(p).toContain('policies[0].inpatient.ratio.3: not a ratio 0…1 with at most 4 decimals: "1.20"');
    expect(p).toContain('persons[1].registrations[0].begndate: not a real date yyyy-MM-dd: "2026-02-30"');
    expect(p).toContain('catalogs[0].items[0].med_chrgitm_type: unknown code "15"');
    expect(p).toContain('catalogs[0].items[1].chrgitm_lv: unknown code "04"');
  });

  it('cross-checks: certno check digit, a policy for every insurance, registration kinds, chronic disease', () => {
    const s = demo();
    s.persons[0].certno = '430102195603020310';
    s.persons[1].insurances[0].insuplc_admdvs = '440100';
    s.persons[5].registrations[0].dise_codg = null;
    s.persons[3].registrations = [
      { kind: 'vacation', insutype: '310', mdtrtarea_admdvs: '410200', begndate: '2026-01-01', enddate: null },
    ];
    s.institutions[1].fixmedins_code = s.institutions[0].fixmedins_code;
    const p = problems(s);
    expect(p).toContain('persons[3].registrations[0].kind: unknown code "vacation"');
    // zod problems come first; fix them to see the cross-checks
    s.persons[3].registrations = [];
    const q = problems(s);
    expect(q).toContain('persons[0].certno: check digit does not match (GB 11643)');
    expect(q).toContain('persons[1].insurances[0].insutype: no policy for insuplc_admdvs "440100" and insutype "390"');
    expect(q).toContain('persons[5].registrations[0].dise_codg: required for a chronic registration');
    expect(q).toContain('institutions[1].fixmedins_code: duplicate fixmedins_code (first at index 0)');
  });

  it('GB 11643: valid, lowercase x, bad birth date, bad check digit', () => {
    expect(certnoProblem('11010519491231002X')).toBeNull();
    expect(certnoProblem('11010519491231002x')).toBeNull();
    expect(certnoProblem('110105194902300021')).toMatch(/birth date/);
    expect(certnoProblem('110105194912310021')).toMatch(/check digit/);
    expect(certnoProblem('1101051949123100')).toMatch(/18-character/);
  });
});
