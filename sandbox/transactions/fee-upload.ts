/**
 * Fee-line upload shared by 2204 (outpatient) and 2301 (inpatient): strict reading, the amount
 * check and the per-line split of docs/sandbox-policy.md §3 (D-15), answered as result[].
 */
import type { Decimal } from 'decimal.js';
import { datePart } from '../../shared/dates';
import { lineAmountMatches } from '../../shared/fee-split';
import { toFen } from '../../shared/money';
import { lookupScopeItem, splitWithLookup, type ScopeLookup } from '../model/scope-lookup';
import { catalogRowsForCode } from '../ledger/catalog-repo';
import { insertLine, type FeeLineRow, type NewFeeLine } from '../ledger/lines-repo';
import type { VisitRow } from '../ledger/visits-repo';
import type { CallContext } from './context';
import type { Reader } from './input-reader';
import { badInput, Refusal } from './refusal';
import { moneyFen, price6, priceCap, qty4, ratio4 } from './wire';

/** One uploaded line as read from the request. */
export interface UploadLine {
  readonly path: string;
  readonly feedetl_sn: string;
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly chrg_bchno: string | null;
  readonly init_feedetl_sn: string | null;
  readonly med_list_codg: string;
  readonly medins_list_codg: string;
  readonly fee_ocur_time: string;
  readonly cnt: Decimal;
  readonly pric: Decimal;
  readonly amt: Decimal;
}

/**
 * Reads every line of `feedetail`. Outpatient lines need `chrg_bchno` and a positive `cnt`;
 * inpatient refund lines carry a negative `cnt` and `init_feedetl_sn` (docs/protocol.md §4 "Sign").
 */
export function readUploadLines(
  input: Reader,
  kind: VisitRow['kind'] | 'pharmacy',
  pharmacy?: { psn_no: string },
): UploadLine[] {
  const lines = input.list('feedetail').map((r): UploadLine => {
    const init = kind === 'inpatient' ? r.optStr('init_feedetl_sn', 30) : null;
    const cnt = r.quantity('cnt', kind === 'inpatient');
    if (cnt.isZero()) throw badInput(`${r.path}.cnt：数量不能为 0`);
    if (cnt.isNegative() && init === null)
      throw badInput(`${r.path}.init_feedetl_sn：退费明细（数量为负）必须提供原费用流水号`);
    if (!cnt.isNegative() && init !== null) throw badInput(`${r.path}.cnt：退费明细的数量应为负数`);
    return {
      path: r.path,
      feedetl_sn: r.str('feedetl_sn', 30),
      // §9: pharmacy lines (2101/2102) carry no mdtrt_id; the sale's psn_no is the default.
      mdtrt_id: kind === 'pharmacy' ? '' : r.str('mdtrt_id', 30),
      psn_no: pharmacy ? (r.optStr('psn_no', 30) ?? pharmacy.psn_no) : r.str('psn_no', 30),
      chrg_bchno: kind === 'outpatient' ? r.str('chrg_bchno', 30) : null,
      init_feedetl_sn: init,
      med_list_codg: r.str('med_list_codg', 50),
      medins_list_codg: r.optStr('medins_list_codg', 150) ?? '',
      fee_ocur_time: r.dateTime('fee_ocur_time'),
      cnt,
      pric: r.price('pric'),
      amt: r.money('det_item_fee_sumamt', kind === 'inpatient'),
    };
  });
  const first = lines[0] as UploadLine;
  for (const l of lines) {
    if (l.mdtrt_id !== first.mdtrt_id) throw badInput(`${l.path}.mdtrt_id：一次上传只能属于同一次就诊`);
    if (l.psn_no !== first.psn_no) throw badInput(`${l.path}.psn_no：一次上传只能属于同一人员`);
  }
  // docs/sandbox-policy.md §3.1: the amount must be round2(pric × cnt); one bad line fails the whole upload.
  for (const l of lines) {
    if (!lineAmountMatches({ cnt: l.cnt, pric: l.pric, det_item_fee_sumamt: l.amt })) {
      throw new Refusal(
        'AMOUNT_MISMATCH',
        `费用明细 feedetl_sn=${l.feedetl_sn} 的明细金额不等于单价×数量（四舍五入到分）`,
      );
    }
  }
  return lines;
}

/** Refuses duplicate feedetl_sn within the request or against the visit's live lines. */
export function checkUniqueSn(lines: readonly UploadLine[], existing: readonly Pick<FeeLineRow, 'feedetl_sn'>[]): void {
  const seen = new Set(existing.map((l) => l.feedetl_sn));
  for (const l of lines) {
    if (seen.has(l.feedetl_sn)) throw badInput(`${l.path}.feedetl_sn：费用流水号 ${l.feedetl_sn} 在本次就诊中重复`);
    seen.add(l.feedetl_sn);
  }
}

const MEMO: Readonly<Record<ScopeLookup['status'], string | null>> = {
  found: null,
  missing: '就医地目录中无此项目，全自费',
  not_valid: '项目不在目录有效期内，全自费',
};

/** One split line: the row to store (without id) and its result[] entry. */
export interface SplitLine {
  readonly row: NewFeeLine;
  readonly result: Record<string, unknown>;
}

/** Splits and stores the lines; returns the result[] rows of the answer. */
export function splitAndStore(
  ctx: CallContext,
  visit: VisitRow,
  lines: readonly UploadLine[],
): Record<string, unknown>[] {
  return splitLines(ctx, visit.mdtrt_id, lines).map((s) => {
    insertLine(ctx.db, s.row);
    return s.result;
  });
}

/** Splits the lines (§3) for visit `mdtrtId` without storing anything (2101 prices a sale this way). */
export function splitLines(ctx: CallContext, mdtrtId: string, lines: readonly UploadLine[]): SplitLine[] {
  return lines.map((l): SplitLine => {
    const lookup = lookupScopeItem(
      catalogRowsForCode(ctx.db, l.med_list_codg),
      ctx.institution.admdvs,
      datePart(l.fee_ocur_time),
    );
    const split = splitWithLookup({ cnt: l.cnt, pric: l.pric, det_item_fee_sumamt: l.amt }, lookup);
    const row = lookup.status === 'found' ? lookup.row : null;
    const chrgitmLv = row?.chrgitm_lv ?? '03';
    const medChrgitmType =
      row?.med_chrgitm_type ?? (lookup.status === 'not_valid' ? lookup.row.med_chrgitm_type : '14');
    const selfpayProp = row?.selfpay_prop ?? '0';
    const cap = row?.pric_uplmt_amt ?? null;
    const memo = MEMO[lookup.status];
    const stored: NewFeeLine = {
      mdtrt_id: mdtrtId,
      feedetl_sn: l.feedetl_sn,
      chrg_bchno: l.chrg_bchno,
      init_feedetl_sn: l.init_feedetl_sn,
      med_list_codg: l.med_list_codg,
      medins_list_codg: l.medins_list_codg,
      fee_ocur_time: l.fee_ocur_time,
      cnt: l.cnt.toString(),
      pric: l.pric.toString(),
      amt: toFen(l.amt),
      fulamt_ownpay_amt: toFen(split.fulamt_ownpay_amt),
      overlmt_amt: toFen(split.overlmt_amt),
      preselfpay_amt: toFen(split.preselfpay_amt),
      inscp_scp_amt: toFen(split.inscp_scp_amt),
      chrgitm_lv: chrgitmLv,
      med_chrgitm_type: medChrgitmType,
      selfpay_prop: selfpayProp,
      pric_uplmt_amt: cap,
      memo,
      state: 'unsettled',
      setl_id: null,
      upload_msgid: ctx.msgid,
    };
    const result = {
      feedetl_sn: l.feedetl_sn,
      det_item_fee_sumamt: moneyFen(toFen(l.amt)),
      cnt: qty4(l.cnt),
      pric: price6(l.pric),
      pric_uplmt_amt: priceCap(cap),
      selfpay_prop: ratio4(selfpayProp),
      fulamt_ownpay_amt: moneyFen(toFen(split.fulamt_ownpay_amt)),
      overlmt_amt: moneyFen(toFen(split.overlmt_amt)),
      preselfpay_amt: moneyFen(toFen(split.preselfpay_amt)),
      inscp_scp_amt: moneyFen(toFen(split.inscp_scp_amt)),
      chrgitm_lv: chrgitmLv,
      med_chrgitm_type: medChrgitmType,
      bas_medn_flag: '0',
      hi_nego_drug_flag: '0',
      chld_medc_flag: '0',
      list_sp_item_flag: '0',
      lmt_used_flag: '0',
      drt_reim_flag: '0',
      memo,
    };
    return { row: stored, result };
  });
}
