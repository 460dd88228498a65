/** One insurance row of the patient (ui-contract `region-kind`, with data-insutype and data-kind). */
import type { InsuranceRow, RegionRow } from '../../shared/api/views';
import { REGION_KIND_NAMES, isAdmdvs, regionKind } from '../../shared/region';
import { regionName } from '../../shared/region-names';

/** 人员参保状态 (psn_insu_stas) in words. */
const STANDING: Readonly<Record<string, string>> = { '1': '正常参保', '2': '暂停参保', '4': '终止参保', '0': '未参保' };
import { Amount } from './amount';

/** Props of `InsuranceRowView`. */
export interface InsuranceRowProps {
  readonly row: InsuranceRow;
  readonly region: RegionRow | undefined;
  readonly selected: boolean;
  readonly onSelect: () => void;
  /** The institution's region code, to work the kind out when the view has no region row. */
  readonly institutionAdmdvs: string | null;
}

/** The row: insurance type, standing, insured place and its kind, account balance. */
export function InsuranceRowView({ row, region, selected, onSelect, institutionAdmdvs }: InsuranceRowProps) {
  const kind =
    region?.kind ??
    (institutionAdmdvs !== null && isAdmdvs(institutionAdmdvs) && isAdmdvs(row.insuplc_admdvs)
      ? regionKind(row.insuplc_admdvs, institutionAdmdvs)
      : 'cross_province');
  return (
    <li className={`insurance-row ${selected ? 'selected' : ''}`}>
      <label>
        <input type="radio" name="insutype" checked={selected} onChange={onSelect} />
        <span className="insutype">{row.insutype_name || row.insutype}</span>
      </label>
      <span
        className={`region-kind kind-${kind}`}
        data-testid="region-kind"
        data-insutype={row.insutype}
        data-kind={kind}
        title={`参保地 ${row.insuplc_admdvs}`}
      >
        {REGION_KIND_NAMES[kind]}
      </span>
      <span className="insuplc" title={row.insuplc_admdvs}>
        参保地 {regionName(row.insuplc_admdvs, institutionAdmdvs)}
      </span>
      <span
        className={`standing ${row.psn_insu_stas === '1' ? '' : 'bad'}`}
        data-testid="insu-standing"
        data-stas={row.psn_insu_stas}
      >
        {STANDING[row.psn_insu_stas] ?? '参保状态异常'}
        {row.psn_insu_stas === '1' ? '' : '（不能直接结算）'}
      </span>
      {row.has_account ? (
        <span className="balance">
          个人账户余额 <Amount value={row.balc} />
        </span>
      ) : (
        <span className="balance none">无个人账户</span>
      )}
    </li>
  );
}
