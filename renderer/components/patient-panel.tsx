/**
 * The identified patient (ui-contract `patient-panel`): name masked by default with an audited
 * reveal (S3), one insurance row each with its region kind, registrations in force, warnings.
 */
import type { PatientView } from '../../shared/api/views';
import type { RevealView } from '../../shared/ipc/views';
import { InsuranceRowView } from './insurance-row';
import { maskIdNumber, maskName } from '../../shared/redact';
import { regionCovers } from '../../shared/region';
import { regionName } from '../../shared/region-names';
import { withoutRuleCodes } from '../lib/messages';

/** Props of `PatientPanel`. */
export interface PatientPanelProps {
  readonly patient: PatientView;
  readonly revealed: RevealView | null;
  readonly insutype: string | null;
  readonly onSelectInsutype: (insutype: string) => void;
  readonly onReveal: () => void;
  readonly onHide: () => void;
  readonly institutionAdmdvs: string | null;
}

/** The patient panel. */
export function PatientPanel({
  patient,
  revealed,
  insutype,
  onSelectInsutype,
  onReveal,
  onHide,
  institutionAdmdvs,
}: PatientPanelProps) {
  // Masked by default (S3); masking an already masked view changes nothing.
  const shownName = revealed?.psn_name ?? maskName(patient.psn_name);
  const shownCert = revealed?.certno ?? maskIdNumber(patient.certno);
  // A registration counts here only when its 就医地 covers this institution: the list and the
  // NO_REGISTRATION warning then never contradict each other.
  const applies = (area: string): boolean => institutionAdmdvs === null || regionCovers(area, institutionAdmdvs);
  return (
    <section className="patient-panel" data-testid="patient-panel" aria-label="患者信息">
      <header>
        <span className="psn-name" data-testid="psn-name">
          {shownName}
        </span>
        <span className="psn-meta">
          {/* Age, never the birth date: beside a masked ID number the birth date gives the number back. */}
          {patient.gend === '1' ? '男' : patient.gend === '2' ? '女' : ''} {patient.age ? `${patient.age}岁` : ''}
        </span>
        <span className="certno">{shownCert}</span>
        {revealed ? (
          <button type="button" className="link" onClick={onHide}>
            隐藏
          </button>
        ) : (
          <button type="button" className="link" onClick={onReveal} title="显示完整姓名和证件号（会记录查看日志）">
            显示
          </button>
        )}
      </header>
      {patient.warnings.length > 0 ? (
        <ul className="warnings" data-testid="patient-warnings">
          {patient.warnings.map((w) => (
            <li key={w.code} data-code={w.code}>
              {withoutRuleCodes(w.message)}
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="insurance-rows">
        {patient.insuinfo.map((row) => (
          <InsuranceRowView
            key={row.insutype}
            row={row}
            region={patient.regions.find((r) => r.insutype === row.insutype)}
            selected={row.insutype === insutype}
            onSelect={() => onSelectInsutype(row.insutype)}
            institutionAdmdvs={institutionAdmdvs}
          />
        ))}
      </ul>
      {/* A local patient needs no cross-region registration: the section is left out. */}
      {patient.regions.every((r) => r.kind === 'local') ? null : (
        <div className="registrations" data-testid="registrations">
          <h3>异地就医备案</h3>
          {patient.registrations.length === 0 ? (
            <p className="none">平台未返回备案信息。</p>
          ) : (
            <ul>
              {patient.registrations.map((r) => (
                <li
                  key={`${r.rgst_type}-${r.begndate}`}
                  className={r.valid && applies(r.mdtrtarea_admdvs) ? 'valid' : 'invalid'}
                >
                  {r.rgst_type_name || '备案'} · 就医地{' '}
                  <span title={r.mdtrtarea_admdvs}>{regionName(r.mdtrtarea_admdvs, institutionAdmdvs)}</span> ·{' '}
                  {r.begndate} 至 {r.enddate ?? '长期'} · {registrationStanding(r.valid, applies(r.mdtrtarea_admdvs))}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

/** A registration's standing in words, consistent with the patient's warnings. */
function registrationStanding(valid: boolean, applies: boolean): string {
  if (!valid) return '不在有效期';
  return applies ? '有效（适用本院）' : '有效，但就医地不是本院所在地，本院不能凭此直接结算';
}
