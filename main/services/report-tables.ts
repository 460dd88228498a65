/**
 * The three tables of the monthly declaration (D-20) as rows of text cells, shared by the CSV,
 * XLSX and HTML exports so all three show the same figures. Amounts are 2-decimal strings from
 * integer fen; personal data arrives already masked (main/domain/declaration-report).
 */
import type { DetailRow, MonthlyReport, ReportAmounts, Statement, SummaryRow } from '../domain/declaration-report';
import { REPORT_AMOUNT_KEYS, REPORT_AMOUNT_TITLES } from '../domain/declaration-report';
import { CLR_TYPE } from '../../shared/dicts/clr-type';
import { INSUTYPE } from '../../shared/dicts/insutype';
import { REGION_KIND_NAMES } from '../../shared/region';
import { fenToString } from '../../shared/money';

/** A table: a header row and body rows of text. */
export interface ReportTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The parts of the report a CSV can carry (one table per file). */
export const REPORT_PARTS = ['summary', 'detail', 'statements'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

const nameOf = (table: Readonly<Record<string, string>>, code: string): string =>
  Object.hasOwn(table, code) ? (table[code] ?? '') : '';
const amountCells = (a: ReportAmounts): string[] => REPORT_AMOUNT_KEYS.map((k) => fenToString(a[k]));
const amountTitles = (): string[] => REPORT_AMOUNT_KEYS.map((k) => `${REPORT_AMOUNT_TITLES[k]}(${k})`);

/** 汇总表: one row per insutype × clr_type × region, then 合计. */
export function summaryTable(r: MonthlyReport): ReportTable {
  const row = (g: SummaryRow): string[] => [
    g.insutype,
    nameOf(INSUTYPE, g.insutype),
    g.clr_type,
    nameOf(CLR_TYPE, g.clr_type),
    REGION_KIND_NAMES[g.region_kind],
    String(g.count),
    ...amountCells(g.amounts),
  ];
  return {
    title: `${r.month} 医保结算汇总表`,
    header: [
      '险种(insutype)',
      '险种名称',
      '清算类别(clr_type)',
      '清算类别名称',
      '参保地类别',
      '结算人次',
      ...amountTitles(),
    ],
    rows: [...r.summary.map(row), ['合计', '', '', '', '', String(r.totals.count), ...amountCells(r.totals.amounts)]],
  };
}

/** 明细表: one row per settle or cancel, then 合计. */
export function detailTable(r: MonthlyReport): ReportTable {
  const row = (d: DetailRow): string[] => [
    d.setl_time,
    d.setl_id,
    d.mdtrt_id,
    d.refd_setl_flag === '1' ? '撤销' : '结算',
    d.psn_name,
    d.certno,
    d.insutype,
    d.clr_type,
    REGION_KIND_NAMES[d.region_kind],
    d.insuplc_admdvs,
    d.med_type,
    d.ipt_otp_no,
    ...amountCells(d.amounts),
  ];
  return {
    title: `${r.month} 医保结算明细表`,
    header: [
      '结算时间',
      '结算ID(setl_id)',
      '就诊ID(mdtrt_id)',
      '类型',
      '姓名',
      '证件号码',
      '险种',
      '清算类别',
      '参保地类别',
      '参保地区划',
      '医疗类别',
      '门诊/住院号',
      ...amountTitles(),
    ],
    rows: [
      ...r.detail.map(row),
      ['合计', '', '', '', '', '', '', '', '', '', '', '', ...amountCells(r.totals.amounts)],
    ],
  };
}

/** 结算单 as one row each (the HTML prints them as separate sheets). */
export function statementsTable(r: MonthlyReport): ReportTable {
  const row = (s: Statement): string[] => [
    s.row.setl_time,
    s.row.setl_id,
    s.row.mdtrt_id,
    s.row.psn_name,
    s.row.certno,
    REGION_KIND_NAMES[s.row.region_kind],
    s.row.ipt_otp_no,
    [s.dise_codg ?? '', s.dise_name ?? ''].filter((x) => x !== '').join(' '),
    fundsText(s),
    s.cancelled_at === null ? '' : `已撤销 ${s.cancelled_at}`,
    ...amountCells(s.row.amounts),
  ];
  return {
    title: `${r.month} 医保结算单`,
    header: [
      '结算时间',
      '结算ID(setl_id)',
      '就诊ID(mdtrt_id)',
      '姓名',
      '证件号码',
      '参保地类别',
      '门诊/住院号',
      '诊断',
      '基金支付明细',
      '备注',
      ...amountTitles(),
    ],
    rows: r.statements.map(row),
  };
}

/** `名称 金额；…` of a statement's funds. */
export function fundsText(s: Statement): string {
  return s.funds.map((f) => `${f.fund_pay_type_name || f.fund_pay_type} ${fenToString(f.fund_payamt)}`).join('；');
}

/** The table of a part. */
export function tableOf(r: MonthlyReport, part: ReportPart): ReportTable {
  return part === 'summary' ? summaryTable(r) : part === 'detail' ? detailTable(r) : statementsTable(r);
}
