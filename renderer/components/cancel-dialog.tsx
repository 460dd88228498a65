/**
 * Cancel a settlement: what will be refunded (fund, personal account, cash to hand back), the
 * reason, and what to undo; then the confirm button. Two deliberate steps: a reason, then the
 * button (Enter in the reason field does not confirm). The narrower scope is the default.
 * `settlement` keeps the visit open to correct the bill; `visit` undoes the whole visit.
 */
import { useEffect, useRef, useState } from 'react';
import type { SettlementView } from '../../shared/api/views';
import { ConfirmDialog } from './confirm-dialog';
import { Amount } from './amount';

/** Props of `CancelDialog`. */
export interface CancelDialogProps {
  readonly settlement: SettlementView;
  readonly onConfirm: (reason: string, scope: 'visit' | 'settlement') => void;
  readonly onClose: () => void;
}

/** Common reasons, so that the cashier can pick one with the keyboard. */
const REASONS = ['患者要求退费', '费用录入有误，需更正后重新结算', '险种或身份选择错误'] as const;

/** The cancel dialog. */
export function CancelDialog({ settlement, onConfirm, onClose }: CancelDialogProps) {
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'visit' | 'settlement'>('settlement');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const trimmed = reason.trim();
  const info = settlement.setlinfo;
  return (
    <ConfirmDialog
      title="撤销结算"
      confirmLabel="确认撤销"
      confirmDisabled={trimmed === ''}
      disabledReason="请先填写或选择撤销原因"
      focusConfirm={false}
      enterConfirms="button"
      testId="cancel-dialog"
      onConfirm={() => onConfirm(trimmed, scope)}
      onClose={onClose}
    >
      <dl className="refund" data-testid="cancel-refund">
        <div>
          <dt>退回医保基金</dt>
          <dd>
            <Amount value={info?.fund_pay_sumamt ?? null} testId="refund-fund" />
          </dd>
        </div>
        <div>
          <dt>退回个人账户</dt>
          <dd>
            <Amount value={info?.acct_pay ?? null} testId="refund-acct" />
          </dd>
        </div>
        <div className="cash">
          <dt>应退患者现金</dt>
          <dd>
            <Amount value={info?.psn_cash_pay ?? null} testId="refund-cash" />
          </dd>
        </div>
      </dl>
      <label className="field">
        撤销原因
        <input
          ref={ref}
          data-testid="cancel-reason"
          list="cancel-reasons"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
        />
        <datalist id="cancel-reasons">
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <fieldset className="scope">
        <legend>撤销范围</legend>
        <label>
          <input
            type="radio"
            name="scope"
            data-testid="cancel-scope-settlement"
            checked={scope === 'settlement'}
            onChange={() => setScope('settlement')}
          />
          只撤销本次结算（保留就诊，改费用后可重新结算）
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            data-testid="cancel-scope-visit"
            checked={scope === 'visit'}
            onChange={() => setScope('visit')}
          />
          整次就诊（结算、费用和登记全部撤销）
        </label>
      </fieldset>
      <p className="note">
        填写原因后，按“确认撤销”按钮完成撤销（在原因框里按回车不会撤销）。现金部分请按院内流程退还患者。
      </p>
    </ConfirmDialog>
  );
}
