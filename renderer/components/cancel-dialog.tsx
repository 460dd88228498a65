/**
 * Cancel a settlement: ask the reason and what to undo, then confirm (his-api.md "Cancel").
 * `visit` undoes the whole visit; `settlement` keeps the visit open to correct the bill.
 */
import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from './confirm-dialog';

/** Props of `CancelDialog`. */
export interface CancelDialogProps {
  readonly onConfirm: (reason: string, scope: 'visit' | 'settlement') => void;
  readonly onClose: () => void;
}

/** Common reasons, so that the cashier can pick one with the keyboard. */
const REASONS = ['患者要求退费', '费用录入有误，需更正后重新结算', '险种或身份选择错误'] as const;

/** The cancel dialog. */
export function CancelDialog({ onConfirm, onClose }: CancelDialogProps) {
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'visit' | 'settlement'>('visit');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const trimmed = reason.trim();
  return (
    <ConfirmDialog
      title="撤销结算"
      confirmLabel="确认撤销"
      confirmDisabled={trimmed === ''}
      focusConfirm={false}
      onConfirm={() => onConfirm(trimmed, scope)}
      onClose={onClose}
    >
      <label className="field">
        撤销原因
        <input ref={ref} data-testid="cancel-reason" list="cancel-reasons" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        <datalist id="cancel-reasons">
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <fieldset className="scope">
        <legend>撤销范围</legend>
        <label>
          <input type="radio" name="scope" checked={scope === 'visit'} onChange={() => setScope('visit')} />
          整次就诊（结算、费用和登记全部撤销）
        </label>
        <label>
          <input type="radio" name="scope" data-testid="cancel-scope-settlement" checked={scope === 'settlement'} onChange={() => setScope('settlement')} />
          只撤销结算（保留就诊，改费用后重新结算）
        </label>
      </fieldset>
      <p className="note">撤销会退回医保基金和个人账户支付的部分，现金部分请按院内流程退还患者。</p>
    </ConfirmDialog>
  );
}
