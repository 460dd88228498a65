/**
 * The settlement result (ui-contract `result-panel`): the cash to collect first, red and the
 * largest figure; then the figures of setlinfo; the personal account apart from the fund lines
 * (it is the patient's own money, not 基金支付); one `result-fund` per setldetail line. The
 * cashier collects psn_cash_pay as reported, never medfee − fund (docs/his-api.md). A cancelled
 * settlement reads as a refund; an unknown outcome says plainly not to collect.
 */
import { forwardRef } from 'react';
import type { SettlementView } from '../../shared/api/views';
import { assertNever } from '../../shared/result';
import { negate } from '../lib/amount';
import { Amount } from './amount';
import { plainNote } from '../lib/messages';

/** Props of `ResultPanel`. */
export interface ResultPanelProps {
  readonly result: SettlementView;
}

/** The main figures, in the order shown (the cash to collect is shown big above them). */
const FIGURES = [
  ['medfee_sumamt', '医疗费总额'],
  ['fund_pay_sumamt', '基金支付合计'],
  ['psn_cash_pay', '个人现金支付'],
] as const;

/** Further figures shown smaller when present. */
const DETAIL = [
  ['fulamt_ownpay_amt', '全自费'],
  ['overlmt_selfpay', '超限价自费'],
  ['preselfpay_amt', '先行自付'],
  ['inscp_scp_amt', '符合范围'],
  ['act_pay_dedc', '起付线'],
  ['hifp_pay', '统筹基金'],
  ['hifmi_pay', '大病保险'],
  ['maf_pay', '医疗救助'],
  ['hosp_part_amt', '医院负担'],
] as const;

/** What the cashier does with the money now, by state. */
function cashLine(state: SettlementView['state']): {
  readonly title: string;
  readonly label: string | null;
  readonly note: string | null;
  readonly refund: boolean;
} {
  switch (state) {
    case 'presettled':
      return { title: '预结算结果（尚未结算，不要收费）', label: '预计应收现金', note: null, refund: false };
    case 'settled':
    case 'cash_collected':
      return { title: '结算成功', label: '应收现金', note: null, refund: false };
    case 'sending':
    case 'unknown':
    case 'reversing':
    case 'cancelling':
    case 'cancel_unknown':
      return {
        title: '结果待核实',
        label: null,
        note: '医保平台没有给出明确结果，系统正在自动核实。请勿收费，也不要重复结算。',
        refund: false,
      };
    case 'reversed':
    case 'not_settled':
    case 'failed_definite':
    case 'not_sent':
      return {
        title: '本次结算未生效',
        label: null,
        note: '平台上没有这笔结算（或已冲正），不要收费。核对后可以重新结算。',
        refund: false,
      };
    case 'needs_attention':
      return {
        title: '结算需主管处理',
        label: null,
        note: '平台结算的金额与本院上传的账单不一致，请主管在“待处理”中决定撤销或确认，暂不收费。',
        refund: false,
      };
    case 'cancelled':
      return {
        title: '结算已撤销（退费）',
        label: '应退患者现金',
        note: '医保基金和个人账户部分已退回；请把下列现金退还患者。',
        refund: true,
      };
    default:
      return assertNever(state, 'state');
  }
}

/** Whether a setldetail line is the personal account (named so by the platform). */
function isAccountLine(name: string): boolean {
  return name.includes('个人账户');
}

/** The result panel; the ref lets the window scroll it into view when a result arrives. */
export const ResultPanel = forwardRef<HTMLElement, ResultPanelProps>(function ResultPanel({ result }, ref) {
  const info = result.setlinfo;
  const line = cashLine(result.state);
  const cash = info?.psn_cash_pay ?? null;
  // Account lines the platform lists in setldetail are the patient's own money: shown with the
  // account, still one `result-fund` each (ui-contract), never among the fund lines.
  const funds = result.setldetail.filter((f) => !isAccountLine(f.fund_pay_type_name));
  const accountLines = result.setldetail.filter((f) => isAccountLine(f.fund_pay_type_name));
  return (
    <section
      ref={ref}
      className={`result-panel ${result.state === 'presettled' ? 'pre' : ''} state-${result.state}`}
      data-testid="result-panel"
      data-state={result.state}
      aria-label="结算结果"
      tabIndex={-1}
    >
      <div className="result-head">
        <h2>{line.title}</h2>
        {line.label !== null ? (
          <div className={`cash ${line.refund ? 'refund' : ''}`} data-testid="result-cash">
            <span className="label">{line.label}</span>
            <Amount value={cash} className="big" testId="result-cash-big" />
            {line.refund && cash !== null ? (
              <span className="refund-as" data-testid="result-refund" data-amount={negate(cash)}>
                退费
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {line.note !== null ? (
        <p className="unknown-note" role="status">
          {line.note}
        </p>
      ) : null}
      {result.flags.includes('figures_inconsistent') ? (
        <p className="flag" data-testid="flag-figures-inconsistent">
          平台返回的金额合计对不上，已按平台原数显示，对账时会列出这笔结算。
        </p>
      ) : null}
      <div className="result-body">
        <dl className="figures">
          {FIGURES.map(([field, label]) => (
            <div key={field}>
              <dt>{label}</dt>
              <dd>
                <Amount value={info?.[field] ?? null} testId={`result-${field}`} />
              </dd>
            </div>
          ))}
        </dl>
        <dl className="figures account" aria-label="个人账户">
          <div>
            <dt>个人账户支付</dt>
            <dd>
              <Amount value={info?.acct_pay ?? null} testId="result-acct_pay" />
            </dd>
          </div>
          <div>
            <dt>账户余额</dt>
            <dd>
              <Amount value={info?.balc ?? null} testId="result-balc" />
            </dd>
          </div>
          {accountLines.map((f, i) => (
            <div key={`acct-${f.fund_pay_type}-${i}`} className="account-line">
              <dt title={f.fund_pay_type}>{f.fund_pay_type_name}</dt>
              <dd>
                <Amount value={f.fund_payamt} testId="result-fund" extra={{ 'data-fund-pay-type': f.fund_pay_type }} />
              </dd>
            </div>
          ))}
          <p className="account-note">个人账户是患者本人的钱，不属于基金支付。</p>
        </dl>
        {funds.length > 0 ? (
          <table className="funds">
            <thead>
              <tr>
                <th>基金支付</th>
                <th>金额</th>
              </tr>
            </thead>
            <tbody>
              {funds.map((f, i) => (
                <tr key={`${f.fund_pay_type}-${i}`}>
                  <td title={f.fund_pay_type}>{f.fund_pay_type_name || '其他基金'}</td>
                  <td>
                    <Amount
                      value={f.fund_payamt}
                      testId="result-fund"
                      extra={{ 'data-fund-pay-type': f.fund_pay_type }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="none funds-none">本次没有基金支付。</p>
        )}
      </div>
      <dl className="figures detail">
        {DETAIL.filter(([field]) => info?.[field] !== null && info?.[field] !== undefined).map(([field, label]) => (
          <div key={field}>
            <dt>{label}</dt>
            <dd>
              <Amount value={info?.[field] ?? null} />
            </dd>
          </div>
        ))}
      </dl>
      {info?.setl_id ? <p className="setl-id">平台结算号 {info.setl_id}</p> : null}
      {result.history && result.history.length > 0 ? (
        <ol className="history" aria-label="处理经过">
          {result.history.map((h, i) => (
            <li key={`${h.at}-${i}`}>
              {h.at} · {plainNote(h.note)}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
});
