/**
 * The error explainer (D-22): one table from every error code the product can produce to a plain
 * Chinese explanation, who has to act, the next step, whether a retry may help and the HTTP status
 * the HIS API answers with. Platform refusals use the bracketed code of `err_msg` (docs/sandbox-policy.md
 * §2); unknown platform codes fall back to UPSTREAM_REFUSED.
 */
import type { ErrorActor } from '../result';

export interface ErrorExplanation {
  /** Plain explanation for the cashier, Chinese. */
  readonly message: string;
  readonly actor: ErrorActor;
  /** What to do next, Chinese. */
  readonly hint: string;
  readonly retryable: boolean;
  /** HTTP status of the HIS API for this code. */
  readonly http: number;
  /** `upstream` for refusals by the platform, `local` for the adapter's own. */
  readonly source: 'upstream' | 'local';
}

const up = (message: string, actor: ErrorActor, hint: string, retryable = false): ErrorExplanation => ({
  message,
  actor,
  hint,
  retryable,
  http: 422,
  source: 'upstream',
});
const local = (
  http: number,
  message: string,
  actor: ErrorActor,
  hint: string,
  retryable = false,
): ErrorExplanation => ({
  message,
  actor,
  hint,
  retryable,
  http,
  source: 'local',
});

/** A gateway refusal: definitely not processed, IT acts, safe to do again once fixed. */
const gw = (message: string, hint: string): ErrorExplanation => ({
  message,
  actor: 'it',
  hint,
  retryable: false,
  http: 502,
  source: 'upstream',
});

export const ERROR_CATALOG = {
  // ── Refusals by the platform (docs/sandbox-policy.md §2) ──
  NO_REGISTRATION: up(
    '该患者在本院没有有效的异地就医备案，不能直接结算。',
    'cashier',
    '请患者通过国家医保服务平台App或参保地经办机构办理备案后再结算；急需时可先自费，出院前补办备案仍可直接结算（D-7）。',
  ),
  SUSPENDED: up(
    '该患者因严重违规被暂停医保直接结算。',
    'cashier',
    '告知患者本次需全额自费，可回参保地咨询；如有疑问请联系医保办。',
  ),
  INSURANCE_INACTIVE: up(
    '该患者所选险种当前不在正常参保状态。',
    'cashier',
    '请核对险种；若患者确认已参保，请其联系参保地经办机构，本次可先自费。',
  ),
  CHRONIC_NOT_COVERED: up(
    '该门诊慢特病未备案，或不在参保地的病种目录内。',
    'cashier',
    '请核对病种编码；未备案的病种按普通门诊结算或先办理慢特病备案。',
  ),
  ALREADY_SETTLED: up(
    '平台显示该就诊已经结算过。',
    'cashier',
    '不要重复结算；请在“待处理”中查看该笔结算，系统会自动核对平台结果。',
  ),
  NOT_FOUND: up('平台上找不到这笔记录。', 'it', '请刷新后重试；若仍出现，请把诊断包交给信息科。'),
  ALREADY_CANCELLED: up('这笔结算已经撤销过了。', 'cashier', '无需再次撤销；刷新即可看到最新状态。'),
  ALREADY_REVERSED: up('这笔交易已经冲正过了。', 'cashier', '无需再次冲正；刷新即可看到最新状态。'),
  DUPLICATE_MSGID: up('报文编号重复，平台拒收。', 'it', '这是系统内部错误，请联系信息科；本笔交易未生效。'),
  AMOUNT_MISMATCH: up(
    '费用明细金额与“单价×数量”不一致。',
    'his',
    '请在HIS中核对所指明细的单价、数量和金额后重新上传。',
  ),
  BAD_INPUT: up('平台认为上送的数据不完整或格式不对。', 'it', '请把原始信息交给信息科核对接口字段。'),
  SIGN_NO_INVALID: up('签到已失效。', 'it', '系统会自动重新签到；若反复出现请联系信息科。', true),
  INSTITUTION_UNKNOWN: up('平台不认识本机构编码。', 'it', '请信息科核对“机构编码”配置。'),
  INPUT_TOO_LARGE: up(
    '一次上送的数据超过了平台 40000 字符的上限，平台没有处理。',
    'it',
    '请信息科调小“每批费用明细条数”（upstream.fee_upload_batch_lines）后重新上传。',
  ),
  INSTITUTION_KIND: up(
    '本机构类型不能使用这项交易（药店结算 2101/2102/2103 只限定点零售药店）。',
    'it',
    '请信息科核对“药店结算流程”配置（institution.pharmacy_flow）：医院应使用门诊流程。',
  ),
  UPSTREAM_REFUSED: up('医保平台拒绝了这笔交易。', 'cashier', '请查看原始信息；若不明白原因，请联系医保办。'),

  // ── Refusals by the provincial gateway in front of the platform (docs/protocol.md §1.3): never processed ──
  GATEWAY_SIGNATURE: gw(
    '医保网关拒绝了签名：密钥不对，或报文在签名后被改动。本次交易没有被平台处理。',
    '请信息科与省平台核对接入密钥（access_key/secret、paas_token 或 SM 密钥）；改正后可以重新办理。',
  ),
  GATEWAY_CLOCK_SKEW: gw(
    '本机时钟与医保网关相差超过5分钟，网关拒收。本次交易没有被平台处理。',
    '请信息科校准本机时间（开启自动对时）后重新办理。',
  ),
  GATEWAY_TOKEN: gw(
    '医保网关不认可本机的令牌或接入标识。本次交易没有被平台处理。',
    '请信息科核对接入标识（client_id、access_key 或 paas_id）和账号密码；系统已自动重新获取过一次令牌。',
  ),
  GATEWAY_PATH: gw(
    '医保网关上没有这个地址，本次交易没有被平台处理。',
    '请信息科核对网关类型、平台地址和路径前缀（path_prefix）。',
  ),
  GATEWAY_DECRYPT: gw('医保网关无法解密本机发出的数据，本次交易没有被平台处理。', '请信息科与省平台核对 SM4 密钥。'),
  TRANSACTION_NOT_SUPPORTED: local(
    422,
    '本地区的医保平台不支持这项交易，请求没有发出。',
    'it',
    '请信息科核对所选的地区配置（region）。',
  ),

  // ── Calls whose outcome is not success (docs/reliability.md §1) ──
  UPSTREAM_UNREACHABLE: local(
    503,
    '连不上医保平台，本次请求没有发出。',
    'cashier',
    '请稍后重试；若持续，请联系信息科检查网络和平台地址。',
    true,
  ),
  UPSTREAM_UNKNOWN: local(
    202,
    '医保平台没有给出明确结果，系统正在自动核实（冲正）。',
    'cashier',
    '请勿重复结算，也不要收费；稍候在“待处理”中查看结果。',
  ),
  UPSTREAM_BAD_RESPONSE: local(
    502,
    '医保平台返回的数据无法识别。',
    'it',
    '请把诊断包交给信息科；涉及结算的交易系统会自动核实。',
  ),
  UPSTREAM_TIMEOUT: local(504, '医保平台响应超时。', 'cashier', '请勿重复操作；系统会自动核实结果。'),

  // ── Bad input from the HIS or the cashier ──
  BAD_REQUEST: local(400, '请求内容不完整或格式不对。', 'his', '请按接口文档检查所指字段后重试。'),
  BAD_AMOUNT: local(400, '金额格式不对（最多两位小数）。', 'his', '请检查所指字段的金额。'),
  BAD_ID_NUMBER: local(
    400,
    '身份证号码无效（位数、出生日期或校验位不对）。',
    'cashier',
    '请重新输入或改用读卡、扫码。',
  ),
  UNAUTHORIZED: local(401, '接口令牌缺失或不正确。', 'it', '请核对HIS中配置的接口令牌。'),
  VISIT_NOT_FOUND: local(404, '找不到这次就诊。', 'his', '请核对就诊号。'),
  SETTLEMENT_NOT_FOUND: local(404, '找不到这笔结算。', 'his', '请核对结算号。'),
  PATIENT_NOT_IDENTIFIED: local(409, '尚未识别该患者的参保信息。', 'cashier', '请先读卡或扫码识别患者。'),
  VISIT_STATE_CONFLICT: local(409, '这次就诊当前的状态不允许该操作。', 'cashier', '请刷新查看就诊状态后再操作。'),
  SETTLEMENT_IN_PROGRESS: local(
    409,
    '这次就诊有一笔结算正在处理或待核实。',
    'cashier',
    '请勿重复结算，稍候在“待处理”中查看结果。',
  ),
  NEEDS_ATTENTION: local(
    409,
    '这笔结算需要主管处理后才能继续。',
    'supervisor',
    '请主管在“待处理”中查看经过并决定撤销或确认。',
  ),
  UNMAPPED_ITEM: local(
    400,
    '有费用明细没有对应的医保目录编码（目录对照缺失）。',
    'it',
    '请信息科在“目录对照”中补上该院内项目的医保编码，或由HIS随明细上传医保编码。',
  ),
  NO_FEES: local(409, '这次就诊还没有上传费用明细。', 'his', '请先上传费用明细再结算。'),
  NOT_FOUND_ROUTE: local(404, '接口路径不存在。', 'his', '请按接口文档核对路径。'),

  // ── Bounds and guards of the loopback HTTP server (hardening issue items 1, 4, 6) ──
  PAYLOAD_TOO_LARGE: local(
    413,
    '请求体超过了此接口允许的大小，未处理。',
    'his',
    '请按提示的上限拆分后分批发送（费用明细可分几次上传）。',
  ),
  SERVER_BUSY: local(
    503,
    '本机结算服务正在处理其他大批量请求，本次请求未处理。',
    'his',
    '请按 Retry-After 提示的秒数稍候再试；本次请求没有生效。',
    true,
  ),
  TOO_MANY_ATTEMPTS: local(
    429,
    '接口令牌错误次数过多，已暂时拒绝来自该地址的请求。',
    'it',
    '请核对HIS中配置的接口令牌，稍候再试；若非本院程序所为，请检查本机是否有异常程序。',
    true,
  ),
  HOST_NOT_ALLOWED: local(
    403,
    '请求的主机名不是本机结算服务的地址，已拒绝。',
    'it',
    '请用 http://127.0.0.1:端口 访问；若是网页发起的请求，请检查是否有恶意网页。',
  ),
  SETTINGS_LOCKED: local(
    403,
    '当前启动方式不允许修改平台地址或端口。',
    'it',
    '请信息科用 --config 指定配置文件、以非培训模式启动后再修改，或直接编辑配置文件。',
  ),
  PUBLIC_HOST_UNCONFIRMED: local(
    400,
    '平台地址不是本机或内网地址，需要信息科确认后才能保存。',
    'it',
    '请核对地址；确认无误时由信息科勾选“确认使用外网地址”后再保存。',
  ),

  // ── Local payment scope: catalog, mapping, preview (D-10, D-15) ──
  CATALOG_SYNC_FAILED: local(
    502,
    '医保目录同步中断。',
    'it',
    '已同步的部分已保存；请检查与医保平台的连接后再点“同步目录”，会从中断处继续。',
    true,
  ),
  CATALOG_FILE_REJECTED: local(
    422,
    '目录或对照文件有错误，整份文件未导入。',
    'it',
    '请按所列行号和列名改正文件后重新导入。',
  ),

  // ── E-voucher decoding (docs/protocol.md §5) ──
  EVOUCHER_EXPIRED: local(422, '电子凭证二维码已过期。', 'cashier', '请患者刷新电子凭证二维码后重新扫码。'),
  EVOUCHER_FOREIGN: local(
    422,
    '扫到的不是医保电子凭证二维码（可能是付款码或其他二维码）。',
    'cashier',
    '请患者打开“医保电子凭证”（国家医保服务平台App、微信或支付宝）后重新出示，或改用身份证、社保卡。',
  ),
  EVOUCHER_INVALID: local(
    422,
    '电子凭证二维码无法识别或已失效。',
    'cashier',
    '请患者刷新电子凭证二维码后重新扫码；仍不行请改用身份证或社保卡。',
  ),
  EVOUCHER_UNAVAILABLE: local(
    503,
    '电子凭证解码服务暂时连不上，本次没有识别。',
    'cashier',
    '请稍后重新扫码，或改用身份证、社保卡；若持续出现请联系信息科检查解码服务地址。',
    true,
  ),

  // ── Card readers (main/devices) ──
  CARD_READER_UNAVAILABLE: local(
    503,
    '读卡器不可用（未连接、驱动未安装或配置不对）。',
    'it',
    '请检查读卡器连接和驱动，在“设置 → 设备自检”中测试；暂时可改用扫码或手工输入身份证号。',
    true,
  ),
  CARD_READ_FAILED: local(
    422,
    '没有读到卡。',
    'cashier',
    '请把身份证或社保卡放好（芯片朝下、不要移动）后重新读卡。',
    true,
  ),

  // ── The adapter itself ──
  CONFIG_INVALID: local(500, '配置文件有误。', 'it', '请按提示的字段修改配置文件后重启。'),
  STORE_UNAVAILABLE: local(
    500,
    '本地数据库不可用，为防止丢账已停止结算。',
    'it',
    '请联系信息科检查磁盘和数据库文件；不要删除数据文件。',
  ),
  NODE_VERSION: local(500, '运行环境版本过低（需要 Node 22 以上）。', 'it', '请用 npm 脚本启动，或安装 Node 22。'),
  INTERNAL: local(500, '系统内部错误。', 'it', '请把诊断包交给信息科。'),
  JOB_INVALID: local(500, '内部错误：后台任务的内容不对，未能排队。', 'it', '请把诊断包交给信息科；本次操作未生效。'),

  // ── Daily reconciliation (docs/his-api.md "Reconciliation") ──
  RECON_NOT_FOUND: local(404, '找不到这次对账或这条差异。', 'his', '请核对对账号和差异号；可重新发起当日对账。'),
  RECON_FIX_NOT_ALLOWED: local(
    409,
    '这条差异不允许该处理方式，或已经处理过。',
    'supervisor',
    '请按差异所列的可选处理方式操作；处理后重新对账即可核实。',
  ),
  RECON_FORBIDDEN: local(
    403,
    '只有主管可以处理对账差异。',
    'supervisor',
    '请由主管登录后再处理；收费员可以查看对账结果。',
  ),
  FILE_INVALID: up(
    '平台拒收对账明细文件：文件中有格式不对的行。',
    'it',
    '请把诊断包交给信息科；对账明细文件由本程序生成，出现此错误说明平台的文件格式与本程序不一致。',
  ),
  RECON_FAILED: local(
    502,
    '对账没有完成：与医保平台的对账交易失败。',
    'it',
    '已完成的部分未作改动；请检查与平台的连接后重新发起对账。',
    true,
  ),

  // ── The cashier window's bridge (shared/ipc) ──
  BRIDGE_UNREACHABLE: local(
    503,
    '收费界面连不上本机的结算服务。',
    'it',
    '请稍后重试；若持续出现，请重启本程序或联系信息科。本次操作是否生效请在“待处理”中查看。',
    true,
  ),
  IPC_FORBIDDEN: local(
    403,
    '拒绝了来自非本程序窗口的请求。',
    'it',
    '请只通过本程序的收费窗口操作；若反复出现请联系信息科。',
  ),
  SETTINGS_READ_ONLY: local(
    403,
    '医保平台地址和机构信息在收费窗口只能查看，不能修改。',
    'it',
    '需要修改时请联系信息科，由信息科在其账号下修改。',
  ),

  // ── Operators, roles and sign-in (the security issue; docs/his-api.md "Operators") ──
  OPERATOR_REQUIRED: local(
    401,
    '请求没有写明经办人（opter）。本机已启用操作员名单，每笔请求都要写明经办人。',
    'his',
    '请HIS在请求中带上经办人编码 opter 和姓名 opter_name（GET 请求用 X-Opter / X-Opter-Name 请求头）。',
  ),
  OPERATOR_UNKNOWN: local(
    401,
    '经办人不在本机操作员名单中，或已被停用。',
    'it',
    '请信息科用 npm run admin -- operator list 核对名单，或为该经办人开户。',
  ),
  ROLE_REQUIRED: local(
    403,
    '当前操作员的角色无权执行此操作。',
    'supervisor',
    '请由所需角色的人员（见 role_needed：主管或信息科）登录后操作。',
  ),
  SIGN_IN_REQUIRED: local(401, '请先登录收费窗口。', 'cashier', '请输入操作员编码和密码登录；长时间无操作会自动退出。'),
  BAD_CREDENTIALS: local(401, '操作员编码或密码不正确。', 'cashier', '请重新输入；连续输错 5 次将锁定 15 分钟。'),
  OPERATOR_LOCKED: local(
    423,
    '密码连续输错次数过多，该操作员已被临时锁定。',
    'cashier',
    '请 15 分钟后再试，或请信息科重置密码。',
  ),
  PASSWORD_WEAK: local(400, '密码太短（至少 8 位）。', 'it', '请换一个至少 8 位的密码。'),
  KEY_UNAVAILABLE: local(
    500,
    '找不到本机数据加密密钥，无法读取已加密的个人信息。',
    'it',
    '请确认数据目录中的密钥文件（或系统密钥库）未被删除；不要删除数据文件，请联系信息科。',
  ),

  // ── Bills made at the window: typed lines, imported files (renderer/components/bill-entry) ──
  BILL_FILE_REJECTED: local(
    422,
    '账单文件有错误，整份文件未导入（一行也没有导入）。',
    'cashier',
    '请按所列行号改正文件（UTF-8 编码的 CSV，首行为列名）后重新导入；若文件由HIS导出，请联系信息科。',
  ),
  BILL_LINES_INVALID: local(
    400,
    '录入的费用明细不完整或格式不对，账单未生成。',
    'cashier',
    '请按所列行号补全或改正编码、名称、数量和单价后再生成账单。',
  ),

  // ── After the window: monthly reports, slips, full self-pay (issue 18) ──
  REPORT_TOO_LARGE: local(
    413,
    '该月的结算笔数超过了单份报表的上限，报表未生成。',
    'it',
    '请联系信息科按半月分段导出，或调大上限后重试；已有的数据不受影响。',
  ),
  SLIP_TEMPLATE_INVALID: local(
    422,
    '结算单模板不合格，未保存（原模板继续使用）。',
    'it',
    '请按提示改正模板：只能使用列出的占位符，不能含脚本、外部网址，大小不超过上限。',
  ),
  PRINT_UNAVAILABLE: local(
    409,
    '浏览器模式下不能直接保存PDF。',
    'cashier',
    '请按 Ctrl+P 打开浏览器的打印对话框，选择“另存为PDF”。',
  ),
  SELF_PAY_NOT_ALLOWED: local(
    409,
    '这次就诊当前不能按全自费结算。',
    'cashier',
    '请刷新查看就诊状态；已有结算的就诊需先撤销，或请主管处理“待处理”中的记录。',
  ),
} as const satisfies Record<string, ErrorExplanation>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** True when `code` is in the catalog. */
export function isKnownErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, code);
}

/** The explanation of a code; unknown platform codes read as UPSTREAM_REFUSED, others as INTERNAL. */
export function explain(code: string): ErrorExplanation & { code: string } {
  if (isKnownErrorCode(code)) return { code, ...ERROR_CATALOG[code] };
  return { code, ...ERROR_CATALOG.UPSTREAM_REFUSED };
}
