/**
 * Loads and validates a scenario (docs/sandbox-policy.md §1): the zod schema first, then the
 * cross-checks zod cannot express (unique keys, a policy for every insurance, valid ID numbers,
 * date order). Every problem is reported as `path: message`, the path in JS notation
 * (`persons[2].insurances[0].insutype: unknown code "311"`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from '../zod';
import { compareDates } from '../../shared/dates';
import { certnoProblem } from './certno';
import { scenarioSchema, type Scenario } from './schema';

/** A scenario that failed validation; `problems` are `path: message` lines. */
export class ScenarioError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `scenario invalid: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? ` (and ${problems.length - 20} more)` : ''}`,
    );
    this.name = 'ScenarioError';
  }
}

/** A loaded scenario and the hash of its content (to notice a changed scenario on restart). */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** SHA-256 hex of the scenario's JSON text (as parsed, re-serialised). */
  readonly hash: string;
}

/** `['persons', 2, 'insurances', 0, 'insutype']` → `persons[2].insurances[0].insutype`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}

/** Reads a scenario from a file path or takes an object, validates it, and hashes it. */
export function loadScenario(source: string | object): LoadedScenario {
  let raw: unknown;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch (e) {
      throw new ScenarioError([`(file): cannot read ${source}: ${(e as Error).message}`]);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ScenarioError([`(file): not valid JSON: ${(e as Error).message}`]);
    }
  } else {
    raw = source;
  }
  const scenario = validateScenario(raw);
  const hash = createHash('sha256').update(JSON.stringify(raw)).digest('hex');
  return { scenario, hash };
}

/** Validates a parsed scenario; throws ScenarioError listing every problem. */
export function validateScenario(raw: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(zodProblems(parsed.error));
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ScenarioError(problems);
  return parsed.data;
}

function dupes<T>(
  items: readonly T[],
  key: (t: T) => string,
  path: (i: number) => string,
  what: string,
  out: string[],
): void {
  const seen = new Map<string, number>();
  items.forEach((t, i) => {
    const k = key(t);
    const first = seen.get(k);
    if (first !== undefined) out.push(`${path(i)}: duplicate ${what} (first at index ${first})`);
    else seen.set(k, i);
  });
}

function crossCheck(s: Scenario): string[] {
  const out: string[] = [];
  dupes(
    s.institutions,
    (x) => x.fixmedins_code,
    (i) => `institutions[${i}].fixmedins_code`,
    'fixmedins_code',
    out,
  );
  dupes(
    s.catalogs,
    (x) => x.admdvs,
    (i) => `catalogs[${i}].admdvs`,
    'catalog region',
    out,
  );
  s.catalogs.forEach((c, ci) =>
    c.items.forEach((it, ii) => {
      if (it.enddate !== null && compareDates(it.begndate, it.enddate) > 0)
        out.push(`catalogs[${ci}].items[${ii}].enddate: before begndate`);
    }),
  );
  dupes(
    s.policies,
    (p) => `${p.insuplc_admdvs}/${p.insutype}`,
    (i) => `policies[${i}]`,
    'policy for insuplc_admdvs and insutype',
    out,
  );
  dupes(
    s.persons,
    (p) => p.psn_no,
    (i) => `persons[${i}].psn_no`,
    'psn_no',
    out,
  );
  dupes(
    s.persons,
    (p) => p.certno.toUpperCase(),
    (i) => `persons[${i}].certno`,
    'certno',
    out,
  );
  dupes(
    s.persons,
    (p) => p.ec_token,
    (i) => `persons[${i}].ec_token`,
    'ec_token',
    out,
  );
  const withCard = s.persons.map((p, i) => ({ p, i })).filter((x) => x.p.ssc !== null);
  dupes(
    withCard,
    (x) => x.p.ssc?.cardno ?? '',
    (i) => `persons[${withCard[i]?.i ?? i}].ssc.cardno`,
    'card number',
    out,
  );
  const policyKeys = new Set(s.policies.map((p) => `${p.insuplc_admdvs}/${p.insutype}`));

  s.persons.forEach((p, pi) => {
    const at = `persons[${pi}]`;
    if (p.psn_cert_type === '01') {
      const problem = certnoProblem(p.certno);
      if (problem !== null) out.push(`${at}.certno: ${problem}`);
    }
    dupes(
      p.insurances,
      (x) => x.insutype,
      (i) => `${at}.insurances[${i}].insutype`,
      'insutype',
      out,
    );
    p.insurances.forEach((ins, ii) => {
      if (!policyKeys.has(`${ins.insuplc_admdvs}/${ins.insutype}`)) {
        out.push(
          `${at}.insurances[${ii}].insutype: no policy for insuplc_admdvs "${ins.insuplc_admdvs}" and insutype "${ins.insutype}"`,
        );
      }
    });
    const insutypes = new Set(p.insurances.map((x) => x.insutype));
    p.registrations.forEach((r, ri) => {
      const rat = `${at}.registrations[${ri}]`;
      if (!insutypes.has(r.insutype)) out.push(`${rat}.insutype: the person has no insurance "${r.insutype}"`);
      if (r.kind === 'chronic' && (r.dise_codg === undefined || r.dise_codg === null))
        out.push(`${rat}.dise_codg: required for a chronic registration`);
      if (r.enddate !== null && compareDates(r.begndate, r.enddate) > 0) out.push(`${rat}.enddate: before begndate`);
    });
    p.identities.forEach((d, di) => {
      if (d.endtime !== null && d.endtime.slice(0, 10) < d.begntime.slice(0, 10))
        out.push(`${at}.identities[${di}].endtime: before begntime`);
    });
  });
  return out;
}
