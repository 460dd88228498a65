/**
 * The reconciliation files of docs/sandbox-policy.md §7, as pure functions: parsing the uploaded
 * detail file (`setl_id, mdtrt_id, psn_no, medfee_sumamt, fund_pay_sumamt, acct_pay,
 * refd_setl_flag`, tab-separated, no header) and comparing it with the platform's rows into the
 * result file (`psn_no, mdtrt_id, setl_id, msgid, stmt_rslt, refd_setl_flag, memo, medfee_sumamt,
 * fund_pay_sumamt, acct_pay`). Amounts are integer fen.
 */
import { fenToString, type Fen } from '../../shared/money';

/** Most lines a detail file may hold. */
export const MAX_DETAIL_LINES = 200_000;

/** One line of an uploaded detail file. */
export interface DetailLine {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
  readonly refd_setl_flag: '0' | '1';
}

/** A platform row as the comparison needs it. */
export interface PlatformLine extends DetailLine {
  readonly msgid: string;
}

/** A line that does not parse: `line` is 1-based, `reason` plain Chinese. */
export class DetailFileError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`第${line}行：${reason}`);
    this.name = 'DetailFileError';
  }
}

const AMOUNT = /^-?\d{1,12}\.\d{2}$/;
const ID = /^[0-9A-Za-z_-]{1,40}$/;

function amountFen(text: string, field: string, line: number): Fen {
  if (!AMOUNT.test(text)) throw new DetailFileError(line, `${field} 应为两位小数的金额`);
  const negative = text.startsWith('-');
  const [int = '0', frac = '00'] = (negative ? text.slice(1) : text).split('.');
  const fen = Number(int) * 100 + Number(frac);
  return negative && fen !== 0 ? -fen : fen;
}

/** Parses the detail file text; throws DetailFileError naming the first bad line. */
export function parseDetailFile(text: string): DetailLine[] {
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length > MAX_DETAIL_LINES) throw new DetailFileError(MAX_DETAIL_LINES + 1, `行数超过 ${MAX_DETAIL_LINES}`);
  const seen = new Set<string>();
  return raw.map((l, i) => {
    const n = i + 1;
    const f = l.replace(/\r$/, '').split('\t');
    if (f.length !== 7) throw new DetailFileError(n, `应有 7 个以制表符分隔的字段，实有 ${f.length} 个`);
    const [setlId = '', mdtrtId = '', psnNo = '', medfee = '', fund = '', acct = '', flag = ''] = f.map((x) =>
      x.trim(),
    );
    if (!ID.test(setlId)) throw new DetailFileError(n, 'setl_id 缺失或格式错误');
    if (!ID.test(mdtrtId)) throw new DetailFileError(n, 'mdtrt_id 缺失或格式错误');
    if (!ID.test(psnNo)) throw new DetailFileError(n, 'psn_no 缺失或格式错误');
    if (flag !== '0' && flag !== '1') throw new DetailFileError(n, 'refd_setl_flag 应为 0 或 1');
    const key = `${setlId}\t${flag}`;
    if (seen.has(key)) throw new DetailFileError(n, '同一 setl_id 与 refd_setl_flag 重复');
    seen.add(key);
    return {
      setl_id: setlId,
      mdtrt_id: mdtrtId,
      psn_no: psnNo,
      medfee_sumamt: amountFen(medfee, 'medfee_sumamt', n),
      fund_pay_sumamt: amountFen(fund, 'fund_pay_sumamt', n),
      acct_pay: amountFen(acct, 'acct_pay', n),
      refd_setl_flag: flag,
    };
  });
}

/** One line of the result file. */
export interface ResultLine {
  readonly psn_no: string;
  readonly mdtrt_id: string;
  readonly setl_id: string;
  readonly msgid: string;
  readonly stmt_rslt: '0' | '1' | '2' | '3';
  readonly refd_setl_flag: '0' | '1';
  readonly memo: string;
  readonly medfee_sumamt: Fen;
  readonly fund_pay_sumamt: Fen;
  readonly acct_pay: Fen;
}

const MEMO = { '0': '一致', '1': '平台有此结算，医院无', '2': '医院有此结算，平台无', '3': '金额不一致' } as const;

const keyOf = (r: DetailLine): string => `${r.setl_id}\t${r.refd_setl_flag}`;

/** Compares file and platform rows by setl_id + refd_setl_flag, ordered by setl_id then flag. */
export function compareDetail(file: readonly DetailLine[], platform: readonly PlatformLine[]): ResultLine[] {
  const mine = new Map(file.map((r) => [keyOf(r), r]));
  const theirs = new Map(platform.map((r) => [keyOf(r), r]));
  const keys = [...new Set([...mine.keys(), ...theirs.keys()])].sort((a, b) => {
    const [sa = '', fa = ''] = a.split('\t');
    const [sb = '', fb = ''] = b.split('\t');
    return sa < sb ? -1 : sa > sb ? 1 : fa < fb ? -1 : fa > fb ? 1 : 0;
  });
  return keys.map((k): ResultLine => {
    const p = theirs.get(k);
    const f = mine.get(k);
    if (p === undefined) {
      const r = f!;
      return { ...pick(r), msgid: '', stmt_rslt: '2', memo: MEMO['2'] };
    }
    const rslt = f === undefined ? '1' : sameAmounts(p, f) ? '0' : '3';
    return { ...pick(p), msgid: p.msgid, stmt_rslt: rslt, memo: MEMO[rslt] };
  });
}

function pick(r: DetailLine): Omit<ResultLine, 'msgid' | 'stmt_rslt' | 'memo'> {
  return {
    psn_no: r.psn_no,
    mdtrt_id: r.mdtrt_id,
    setl_id: r.setl_id,
    refd_setl_flag: r.refd_setl_flag,
    medfee_sumamt: r.medfee_sumamt,
    fund_pay_sumamt: r.fund_pay_sumamt,
    acct_pay: r.acct_pay,
  };
}

function sameAmounts(a: DetailLine, b: DetailLine): boolean {
  return a.medfee_sumamt === b.medfee_sumamt && a.fund_pay_sumamt === b.fund_pay_sumamt && a.acct_pay === b.acct_pay;
}

/** The result file's text: one tab-separated line per row, each ending in a newline. */
export function formatResultFile(lines: readonly ResultLine[]): string {
  return lines
    .map(
      (l) =>
        [
          l.psn_no,
          l.mdtrt_id,
          l.setl_id,
          l.msgid,
          l.stmt_rslt,
          l.refd_setl_flag,
          l.memo,
          fenToString(l.medfee_sumamt),
          fenToString(l.fund_pay_sumamt),
          fenToString(l.acct_pay),
        ].join('\t') + '\n',
    )
    .join('');
}

/** The detail file's text for rows (what a hospital uploads). */
export function formatDetailFile(lines: readonly DetailLine[]): string {
  return lines
    .map(
      (l) =>
        [
          l.setl_id,
          l.mdtrt_id,
          l.psn_no,
          fenToString(l.medfee_sumamt),
          fenToString(l.fund_pay_sumamt),
          fenToString(l.acct_pay),
          l.refd_setl_flag,
        ].join('\t') + '\n',
    )
    .join('');
}
