/** Chinese labels of codes the cashier sees (states, actors, visit kinds, fund types). */
import type { ErrorActor } from '../../shared/result';
import type { VisitKind, VisitState } from '../../shared/api/views';
import { assertNever } from '../../shared/result';

/** Who has to act on an error, in Chinese (D-22). */
export function actorName(actor: ErrorActor): string {
  switch (actor) {
    case 'cashier':
      return '收费员';
    case 'insurance_office':
      return '医保办';
    case 'it':
      return '信息科';
    case 'supervisor':
      return '主管';
    case 'his':
      return 'HIS系统';
    default:
      return assertNever(actor, 'actor');
  }
}

/** The visit's or settlement's state in Chinese. */
export function stateName(state: VisitState): string {
  switch (state) {
    case 'open':
      return '未结算';
    case 'presettled':
      return '已预结算';
    case 'sending':
      return '结算中';
    case 'settled':
      return '已结算';
    case 'cash_collected':
      return '已收费';
    case 'unknown':
      return '结果待核实';
    case 'reversing':
      return '冲正中';
    case 'reversed':
      return '已冲正（未结算）';
    case 'not_settled':
      return '未结算成功';
    case 'failed_definite':
      return '结算失败';
    case 'not_sent':
      return '未发出';
    case 'needs_attention':
      return '需主管处理';
    case 'cancelling':
      return '撤销中';
    case 'cancel_unknown':
      return '撤销结果待核实';
    case 'cancelled':
      return '已撤销';
    case 'closed':
      return '已关闭';
    default:
      return assertNever(state, 'state');
  }
}

/** The visit kind in Chinese. */
export function kindName(kind: VisitKind): string {
  switch (kind) {
    case 'outpatient':
      return '门诊';
    case 'inpatient':
      return '住院';
    case 'pharmacy':
      return '药店购药';
    default:
      return assertNever(kind, 'kind');
  }
}

/**
 * States after which a settlement is still in flight (the UI keeps asking): main/domain's in-flight
 * set in lower case (the renderer cannot import main/; test/domain/state-sets.test.ts compares them).
 */
export const IN_FLIGHT_STATES: readonly VisitState[] = [
  'sending',
  'unknown',
  'reversing',
  'cancelling',
  'cancel_unknown',
];

/** States in which a settlement can be cancelled by the cashier. */
export const CANCELLABLE_STATES: readonly VisitState[] = ['settled', 'cash_collected', 'needs_attention'];

/** Visit states in which the visit cannot be (pre-)settled now: done, undone, or in flight. */
export const NOT_SETTLEABLE_STATES: readonly VisitState[] = [
  'settled',
  'cash_collected',
  'cancelled',
  'closed',
  'needs_attention',
  ...IN_FLIGHT_STATES,
];

/** What a preview's attention flag means, in Chinese (docs/his-api.md: unmapped, not_in_catalog …). */
export function attentionName(flag: string): string {
  const names: Readonly<Record<string, string>> = {
    unmapped: '未对照医保目录',
    not_in_catalog: '本地目录无此项',
    over_cap: '超限价',
    class_c: '丙类自费',
    self_pay_share: '有先行自付',
  };
  return names[flag] ?? flag;
}
