/**
 * Why a call's outcome is what it is, in plain Chinese for the cashier's history lines (D-22);
 * the machine reason and error code stay in the journal for IT.
 */
import type { CallResult } from '../upstream/ports';

/**
 * One table from what went wrong to plain words: a Node/axios transport code (`ECONNRESET` …) or,
 * when there is none or it is not listed, the classifier's reason (`http-status` …). Product error
 * codes with their hint and next step are in shared/errors/catalog.ts.
 */
const FAILURE_WORDS: Readonly<Record<string, string>> = {
  ECONNRESET: '连接被中断',
  EPIPE: '连接被中断',
  ETIMEDOUT: '等待平台响应超时',
  ECONNABORTED: '等待平台响应超时',
  ERR_CANCELED: '等待平台响应超时',
  ERR_BAD_RESPONSE: '平台返回的内容不完整',
  ECONNREFUSED: '连不上平台',
  ENOTFOUND: '找不到平台地址',
  EAI_AGAIN: '找不到平台地址',
  'http-status': '平台服务出错',
  'not-json': '平台返回的内容无法识别',
  'envelope-invalid': '平台返回的内容无法识别',
  'infcode-missing': '平台返回的内容无法识别',
  'infcode-invalid': '平台返回的内容无法识别',
  'output-invalid': '平台返回的结算数据无法识别',
  'timeout-like-refusal': '平台报告超时或系统异常',
  'no-connection': '连不上平台',
  'local-error': '本机出错，请求未发出',
  'gateway-refused': '医保网关拒收，平台未处理',
};

/** A short plain explanation of a non-success outcome. */
export function outcomeWords(r: Pick<CallResult, 'reason' | 'transportError' | 'httpStatus'>): string {
  const byCode = r.transportError === undefined ? undefined : FAILURE_WORDS[r.transportError];
  if (byCode !== undefined) return byCode;
  const base = FAILURE_WORDS[r.reason] ?? '网络或平台异常';
  return r.reason === 'http-status' && r.httpStatus !== undefined ? `${base}（HTTP ${r.httpStatus}）` : base;
}
