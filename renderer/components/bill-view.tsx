/** The bill of the open visit: visit facts, then every fee line with preview and platform split. */
import type { VisitView } from '../../shared/api/views';
import { REGION_KIND_NAMES } from '../../shared/region';
import { regionName } from '../../shared/region-names';
import { kindName } from '../lib/labels';
import { Amount } from './amount';
import { FeeLineRow } from './fee-line-row';

/** Props of `BillView`. */
export interface BillViewProps {
  readonly visit: VisitView;
  /** The window's own region code (for region names outside the dictionary). */
  readonly institutionAdmdvs: string | null;
}

/** The bill view. */
export function BillView({ visit, institutionAdmdvs }: BillViewProps) {
  const t = visit.totals;
  // At a pharmacy the preview is the shop's own (本店), at a hospital the hospital's (本院).
  const own = visit.kind === 'pharmacy' ? '本店预览' : '本院预览';
  return (
    <section className="bill-view" aria-label="费用明细">
      <header>
        <span className="kind">{kindName(visit.kind)}</span>
        <span>就诊号 {visit.ipt_otp_no}</span>
        <span>{REGION_KIND_NAMES[visit.region_kind]}</span>
        <span title={visit.insuplc_admdvs}>参保地 {regionName(visit.insuplc_admdvs, institutionAdmdvs)}</span>
        <span>
          {visit.begntime}
          {visit.endtime ? ` 至 ${visit.endtime}` : ''}
        </span>
        {visit.dise_name ? <span>诊断 {visit.dise_name}</span> : null}
        {visit.eligibility && !visit.eligibility.entitled ? <span className="warn">平台提示：不享受待遇</span> : null}
      </header>
      <div className="fees-scroll">
        <table className="fees">
          <thead>
            <tr>
              <th rowSpan={2}>明细号</th>
              <th rowSpan={2}>项目</th>
              <th rowSpan={2}>数量</th>
              <th rowSpan={2}>单价</th>
              <th rowSpan={2}>金额</th>
              <th colSpan={4}>{own}</th>
              <th colSpan={4}>平台分割</th>
              <th rowSpan={2}>差异说明</th>
            </tr>
            <tr>
              <th>全自费</th>
              <th>超限价</th>
              <th>先行自付</th>
              <th>符合范围</th>
              <th>全自费</th>
              <th>超限价</th>
              <th>先行自付</th>
              <th>符合范围</th>
            </tr>
          </thead>
          <tbody>
            {visit.fees.map((line) => (
              <FeeLineRow key={line.feedetl_sn} line={line} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>合计 {visit.fees.length} 项</td>
              <td className="num">
                <Amount value={t.det_item_fee_sumamt} testId="bill-total" />
              </td>
              <td colSpan={4} />
              <td className="num">
                <Amount value={t.fulamt_ownpay_amt} />
              </td>
              <td className="num">
                <Amount value={t.overlmt_amt} />
              </td>
              <td className="num">
                <Amount value={t.preselfpay_amt} />
              </td>
              <td className="num">
                <Amount value={t.inscp_scp_amt} />
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
