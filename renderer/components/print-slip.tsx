/**
 * The settlement slip for the patient (D-20 结算单 at the window), printed with window.print();
 * on screen it is hidden, the print style sheet shows only it.
 */
import type { HealthView, SettlementView, VisitView } from '../../shared/api/views';
import { REGION_KIND_NAMES } from '../../shared/region';
import { kindName } from '../lib/labels';
import { Amount } from './amount';

/** Props of `PrintSlip`. */
export interface PrintSlipProps {
  readonly visit: VisitView;
  readonly result: SettlementView;
  readonly health: HealthView | null;
}

/** The slip. */
export function PrintSlip({ visit, result, health }: PrintSlipProps) {
  const s = result.setlinfo;
  const rows: readonly (readonly [string, string | null | undefined])[] = [
    ['医疗费总额', s?.medfee_sumamt],
    ['全自费', s?.fulamt_ownpay_amt],
    ['超限价自费', s?.overlmt_selfpay],
    ['先行自付', s?.preselfpay_amt],
    ['符合范围', s?.inscp_scp_amt],
    ['基金支付合计', s?.fund_pay_sumamt],
    ['个人账户支付', s?.acct_pay],
    ['个人现金支付', s?.psn_cash_pay],
    ['账户余额', s?.balc],
  ];
  return (
    <section className="print-slip" aria-hidden="true">
      <h1>{health?.institution.fixmedins_name ?? ''} 异地就医直接结算单</h1>
      {health?.training ? <p className="training">培训模式 — 非真实结算</p> : null}
      <p>
        {kindName(visit.kind)} · 就诊号 {visit.ipt_otp_no} · {visit.psn_name} · {REGION_KIND_NAMES[visit.region_kind]} · 参保地 {visit.insuplc_admdvs}
      </p>
      <p>
        结算号 {s?.setl_id ?? '—'} · 结算时间 {s?.setl_time ?? '—'} · 状态 {result.state}
      </p>
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
              <th>{f.fund_pay_type_name || f.fund_pay_type}</th>
              <td>
                <Amount value={f.fund_payamt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.flags.includes('figures_inconsistent') ? <p>注：平台返回金额合计不一致，按平台原数打印。</p> : null}
      <p className="sign">患者签字：__________ 收费员：__________</p>
    </section>
  );
}
