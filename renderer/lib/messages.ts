/**
 * The cashier reads a message that fits the step that failed (issue: "messages that fit the
 * case"). The error catalog explains a code in general; here a few codes are said again for the
 * action the cashier took, and internal rule references (`D-4`, `S3` …) are taken out of what the
 * cashier sees. Codes stay in the folded details for IT.
 */
import type { ErrorInfo } from '../../shared/result';

/** The unknown-person message at identify (keeps the cashier at the window, not sending them to IT). */
export const UNKNOWN_PERSON = '未查到该参保人，请核对证件号或改用电子凭证';

/** Rule references of the design documents, in either bracket style: `（D-4）`, `(S3)`, `D-15 step 1`. */
const RULE_REF = /\s*[（(]\s*(?:[A-Z]{1,2}-?\d+(?:\.\d+)?(?:[\s,，、]+)?)+\s*[)）]|\b[A-Z]-\d+\b/g;

/** Removes internal rule references from text shown to the cashier. */
export function withoutRuleCodes(text: string): string {
  return text.replace(RULE_REF, '').trim();
}

/** Codes by which the platform says it did not answer (no definite outcome). */
const NO_ANSWER = ['UPSTREAM_UNKNOWN', 'UPSTREAM_TIMEOUT', 'UPSTREAM_BAD_RESPONSE'];

/** The error as the cashier reads it after `action`. */
export function explainForAction(info: ErrorInfo, action: string): ErrorInfo {
  const clean = (i: ErrorInfo): ErrorInfo => ({
    ...i,
    message: withoutRuleCodes(i.message),
    hint: withoutRuleCodes(i.hint),
  });
  if (
    action === 'identify' &&
    (info.code === 'NOT_FOUND' || info.code === 'VISIT_NOT_FOUND' || info.code === 'PATIENT_NOT_IDENTIFIED')
  ) {
    return clean({
      ...info,
      message: UNKNOWN_PERSON,
      hint: '证件号已保留在输入框，可直接改正后按回车；患者也可出示医保电子凭证。',
      actor: 'cashier',
      retryable: true,
    });
  }
  if (action === 'presettle' && NO_ANSWER.includes(info.code)) {
    // A pre-settle changes nothing at the platform: nothing to verify, it simply failed.
    return clean({
      ...info,
      message: '预结算没有成功：医保平台没有给出结果。预结算不产生结算，也不扣费。',
      hint: '稍后重新预结算（F5）；多次失败请联系信息科。',
      retryable: true,
    });
  }
  return clean(info);
}

/** A transaction number in brackets (`（2601）`) or a bracketed error code (`[NOT_FOUND]`). */
const RAW_CODE = /\s*[（(]\s*\d{4}\s*[)）]|\s*\[[A-Z0-9_]+\]\s*/g;

/**
 * A history note as the cashier reads it: no rule references, transaction numbers or bracketed
 * codes (IT reads them in the diagnostic bundle and the journal).
 */
export function plainNote(text: string): string {
  return withoutRuleCodes(text.replace(RAW_CODE, ' '))
    .replace(/\s{2,}/g, ' ')
    .trim();
}
