/**
 * Discharge (F7) of an inpatient visit: the discharge time (China time, now by default) and the
 * way of leaving (离院方式), then the confirm button.
 */
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog';

/** 离院方式 (dscg_way) in words. */
const WAYS = [
  ['1', '医嘱离院'],
  ['2', '医嘱转院'],
  ['3', '医嘱转社区卫生服务机构'],
  ['4', '非医嘱离院'],
  ['5', '死亡'],
  ['9', '其他'],
] as const;

/** A discharge way code. */
export type DischargeWay = (typeof WAYS)[number][0];

/** Props of `DischargeDialog`. */
export interface DischargeDialogProps {
  /** The default discharge time, `yyyy-MM-dd HH:mm:ss` China time. */
  readonly defaultTime: string;
  readonly onConfirm: (endtime: string, way: DischargeWay) => void;
  readonly onClose: () => void;
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The dialog. */
export function DischargeDialog({ defaultTime, onConfirm, onClose }: DischargeDialogProps) {
  const [time, setTime] = useState(defaultTime);
  const [way, setWay] = useState<DischargeWay>('1');
  const ok = TIME.test(time.trim());
  return (
    <ConfirmDialog
      title="办理出院"
      confirmLabel="确认出院"
      confirmDisabled={!ok}
      disabledReason="出院时间格式应为 年-月-日 时:分:秒"
      testId="discharge-dialog"
      onConfirm={() => onConfirm(time.trim(), way)}
      onClose={onClose}
    >
      <label className="field">
        出院时间
        <input data-testid="discharge-time" value={time} maxLength={19} onChange={(e) => setTime(e.target.value)} />
      </label>
      <label className="field">
        离院方式
        <select data-testid="discharge-way" value={way} onChange={(e) => setWay(e.target.value as DischargeWay)}>
          {WAYS.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="note">确认后向医保平台办理出院登记；出院后才能预结算和结算。</p>
    </ConfirmDialog>
  );
}
