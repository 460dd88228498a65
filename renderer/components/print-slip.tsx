/**
 * The settlement slip for the patient (D-20 结算单 at the window), printed with window.print();
 * on screen it is hidden, the print style sheet shows only it. A slip printed again from a list
 * is marked 补打. No codes on the slip: state, region and fund names in words; the name masked
 * unless the cashier revealed it (audited). In the desktop app F9 prints the hospital's template
 * instead (lib/slip-print); this slip is what the browser's own print dialog prints in browser mode,
 * with the same figures: fee categories (D-16), each fund (D-17), the cross-region mark.
 */
import type { HealthView, SettlementView, VisitView } from '../../shared/api/views';
import { REGION_KIND_NAMES } from '../../shared/region';
import { regionName } from '../../shared/region-names';
import { kindName, stateName } from '../lib/labels';
import { Amount } from './amount';
import { feeCategories } from '../../shared/slip/slip-data';

/** Props of `PrintSlip`. */
export interface PrintSlipProps {
  readonly visit: VisitView;
  readonly result: SettlementView;
  readonly health: HealthView | null;
  /** The name to print (masked, or the revealed one). */
  readonly name: string;
  /** Printed again (补打). */
  readonly reprint: boolean;
}

/** The slip. */
export function PrintSlip({ visit, result, health, name, reprint }: PrintSlipProps) {
  const s = result.setlinfo;
  const rows: readonly (readonly [string, string | null | undefined])[] = [
    ['医疗费总额', s?.medfee_sumamt],
    ['全自费', s?.fulamt_ownpay_amt],
    ['超限价自费', s?.overlmt_selfpay],
    ['先行自付', s?.preselfpay_amt],
    ['符合范围', s?.inscp_scp_amt],
    ['基金支付合计', s?.fund_pay_sumamt],
    ['个人现金支付', s?.psn_cash_pay],
  ];
  const state = result.state === 'presettled' ? '预结算' : stateName(result.state);
  // The same D-16 categories as the template slip (shared/slip), so both print the same figures.
  const categories = feeCategories(visit);
  return (
    <section
      className="print-slip"
      aria-hidden="true"
      data-testid="print-slip"
      data-reprint={reprint ? 'true' : 'false'}
    >
      <h1>
        {health?.institution.fixmedins_name ?? ''} 异地就医直接结算单{reprint ? '（补打）' : ''}
        {visit.region_kind === 'local' ? null : (
          <span className="cross-region-mark"> 【{REGION_KIND_NAMES[visit.region_kind]}】</span>
        )}
      </h1>
      {health?.training ? <p className="training">培训模式 — 非真实结算</p> : null}
      <p>
        {kindName(visit.kind)} · 就诊号 {visit.ipt_otp_no} · {name} · {REGION_KIND_NAMES[visit.region_kind]} · 参保地{' '}
        {regionName(visit.insuplc_admdvs, health?.institution.mdtrtarea_admvs)}
      </p>
      <p>
        结算号 {s?.setl_id ?? '—'} · 结算时间 {s?.setl_time ?? '—'} · 状态 {state}
      </p>
      {categories.length > 0 ? (
        <table data-testid="slip-fee-categories">
          <tbody>
            {categories.map((c) => (
              <tr key={c.name}>
                <th>{c.name}</th>
                <td>
                  <Amount value={c.amount} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <table>
        <tbody>
          {rows.map(([label, v]) => (
            <tr key={label}>
              <th>{label}</th>
              <td>
                <Amount value={v ?? null} />
              </td>
            </tr>
          ))}
          {result.setldetail.map((f, i) => (
            <tr key={`f-${i}`}>
              <th>{f.fund_pay_type_name || '其他基金'}</th>
              <td>
                <Amount value={f.fund_payamt} />
              </td>
            </tr>
          ))}
          <tr>
            <th>个人账户支付（不属基金支付）</th>
            <td>
              <Amount value={s?.acct_pay ?? null} />
            </td>
          </tr>
          <tr>
            <th>个人账户余额</th>
            <td>
              <Amount value={s?.balc ?? null} />
            </td>
          </tr>
        </tbody>
      </table>
      {result.flags.includes('figures_inconsistent') ? <p>注：平台返回金额合计不一致，按平台原数打印。</p> : null}
      {reprint ? <p>补打：本单为重新打印，以首次打印为准。</p> : null}
      <p className="sign">患者签字：__________ 收费员：__________</p>
    </section>
  );
}
