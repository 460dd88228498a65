/** Lookup maps over a validated scenario (institutions, persons by each identifier, policies). */
import type { Institution, Person, Policy, Scenario } from './schema';

/** The scenario with indexes; read-only. */
export interface ScenarioIndex {
  readonly scenario: Scenario;
  readonly policies: readonly Policy[];
  institution(fixmedinsCode: string): Institution | undefined;
  person(psnNo: string): Person | undefined;
  personByCertno(certno: string): Person | undefined;
  personByEcToken(token: string): Person | undefined;
  personByCardno(cardno: string): Person | undefined;
}

/** Builds the indexes of a scenario. */
export function indexScenario(scenario: Scenario): ScenarioIndex {
  const inst = new Map(scenario.institutions.map((i) => [i.fixmedins_code, i]));
  const byPsn = new Map(scenario.persons.map((p) => [p.psn_no, p]));
  const byCert = new Map(scenario.persons.map((p) => [p.certno.toUpperCase(), p]));
  const byToken = new Map(scenario.persons.map((p) => [p.ec_token, p]));
  const byCard = new Map(scenario.persons.flatMap((p) => (p.ssc === null ? [] : [[p.ssc.cardno, p] as const])));
  return {
    scenario,
    policies: scenario.policies,
    institution: (c) => inst.get(c),
    person: (n) => byPsn.get(n),
    personByCertno: (c) => byCert.get(c.toUpperCase()),
    personByEcToken: (t) => byToken.get(t),
    personByCardno: (c) => byCard.get(c),
  };
}
