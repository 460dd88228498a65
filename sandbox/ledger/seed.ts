/** Seeds a fresh ledger from the scenario: balances, cumulative figures and catalogs. */
import { toFen } from '../../shared/money';
import type { Scenario } from '../scenario/schema';
import { upsertCatalogItem } from './catalog-repo';
import { setMeta } from './meta-repo';
import { stmt, type Db } from './sql';

/** Writes the scenario's mutable data into an empty ledger. */
export function seedLedger(db: Db, scenario: Scenario, hash: string, nowText: string): void {
  setMeta(db, 'scenario_hash', hash);
  setMeta(db, 'seeded_at', nowText);
  const acct = stmt(db, 'INSERT INTO accounts (psn_no, insutype, balc) VALUES (?, ?, ?)');
  const cum = stmt(
    db,
    `INSERT INTO cumulative (psn_no, inpatient_dedc, inpatient_fund, outpatient_dedc, outpatient_fund, chronic_dedc, chronic_fund, critical_base, critical_paid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of scenario.persons) {
    for (const ins of p.insurances) acct.run(p.psn_no, ins.insutype, toFen(ins.balc));
    const c = p.cumulative;
    cum.run(
      p.psn_no,
      toFen(c.inpatient.dedc),
      toFen(c.inpatient.fund),
      toFen(c.outpatient.dedc),
      toFen(c.outpatient.fund),
      toFen(c.chronic.dedc),
      toFen(c.chronic.fund),
      toFen(c.critical.base),
      toFen(c.critical.paid),
    );
  }
  for (const cat of scenario.catalogs) {
    for (const item of cat.items) upsertCatalogItem(db, cat.admdvs, item, nowText);
  }
}
