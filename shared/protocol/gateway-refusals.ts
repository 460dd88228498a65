/**
 * The refusals of a provincial gateway (docs/protocol.md §1.3): the gateway answers before the platform
 * sees the call, so each of them is a definite "not processed". The sandbox's gateway answers
 * with these, the adapter's classifier reads them; both sides share this one table.
 */

/** Each refusal's HTTP status and a short Chinese cause (the text after `[CODE]` in `err_msg`). */
export const GATEWAY_REFUSALS = {
  GATEWAY_SIGNATURE: { status: 401, text: '网关签名校验失败（密钥不对，或报文在签名后被改动）' },
  GATEWAY_CLOCK_SKEW: { status: 401, text: '请求时间与网关时钟相差超过300秒' },
  GATEWAY_TOKEN: { status: 401, text: '网关令牌缺失、过期或无效，或接入标识未登记' },
  GATEWAY_PATH: { status: 404, text: '网关上没有这个路径' },
  GATEWAY_DECRYPT: { status: 400, text: '网关无法解密 input' },
} as const;

/** A gateway refusal code (`GATEWAY_SIGNATURE` …). */
export type GatewayRefusalCode = keyof typeof GATEWAY_REFUSALS;

/** All refusal codes, for tables and tests. */
export const GATEWAY_REFUSAL_CODES = Object.keys(GATEWAY_REFUSALS) as GatewayRefusalCode[];

/** True when `code` is one of the gateway refusal codes. */
export function isGatewayRefusalCode(code: string | undefined | null): code is GatewayRefusalCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(GATEWAY_REFUSALS, code);
}

/** Largest time difference a gateway accepts between its clock and a request's timestamp, seconds. */
export const GATEWAY_MAX_SKEW_S = 300;

/** The path of the plain and csb styles (one endpoint; the body's `infno` picks the trade). */
export const CALL_SERVICE_PATH = '/fsi/api/rsfComIfsService/callService';

/** The sm style's token and call paths. */
export const SM_TOKEN_PATH = '/auth/oauth/token';
export const SM_CALL_PATH = '/mbs/fmi/fsi/api/callFsiService/callService';

/** SM2 user id of the sm style's SM3withSM2 signature. */
export const SM2_USER_ID = '1234567812345678';

/**
 * The tif style's per-transaction paths (docs/protocol.md §1.3 B), misspellings included. A
 * transaction not listed here goes to {@link CALL_SERVICE_PATH}; 1301–1309 use
 * `/fsi/api/catalogdownservice/downCatalog{infno}` (see {@link tifPathOf}).
 */
export const TIF_PATHS: Readonly<Record<string, string>> = {
  '9001': '/fsi/api/signInSignOutService/signIn',
  '1101': '/fsi/api/fsiPsnInfoService/queryPsnInfo',
  '2201': '/fsi/api/outpatientDocInfoService/outpatientRregistration',
  '2204': '/fsi/api/outpatientDocInfoService/outpatientFeeListUp',
  '2206': '/fsi/api/outpatientSettleService/preSettletment',
  '2207': '/fsi/api/outpatientSettleService/saveSettletmentV2',
  '2207A': '/fsi/api/outpatientSettleService/saveSettletment',
  '2208': '/fsi/api/outpatientSettleService/cancleSettletment',
  '2301': '/fsi/api/hospFeeDtlService/feeDtlUp',
  '2303': '/fsi/api/hospSettService/preSett',
  '2304': '/fsi/api/hospSettService/settV2',
  '2305': '/fsi/api/hospSettService/settCl',
  '2401': '/fsi/api/hospitalRegisterService/hospitalRegisterSave',
  '2402': '/fsi/api/dscgService/dischargeProcess',
  '2601': '/fsi/api/reverseService/revsMethod',
  '3201': '/fsi/api/ybSettlementStmtService/stmtTotal',
  '3202': '/fsi/api/ybSettlementStmtService/stmtDetail',
  '5203': '/fsi/api/fsiIntegratedQueryService/querySetlInfo',
  '9101': '/fsi/api/fileupload/upload',
  '9102': '/fsi/api/fileupload/download',
  '1312': '/fsi/api/catalogqueryservice/queryHilist',
};

/** The tif path of transaction `infno` (without the configured prefix). */
export function tifPathOf(infno: string): string {
  const listed = TIF_PATHS[infno];
  if (listed !== undefined) return listed;
  if (/^130[1-9]$/.test(infno)) return `/fsi/api/catalogdownservice/downCatalog${infno}`;
  return CALL_SERVICE_PATH;
}
