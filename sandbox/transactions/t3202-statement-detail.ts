/**
 * 3202 医药机构费用结算对明细账 (docs/sandbox-policy.md §7): the uploaded detail file against the
 * platform's rows of that clr_type and setl_optins in the range, across every insutype, keyed by
 * setl_id + refd_setl_flag. The result file is stored under a new number for 9102.
 */
import { compareDetail, DetailFileError, formatResultFile, parseDetailFile } from '../model/detail-file';
import { getFile, insertFile } from '../ledger/files-repo';
import { reconRows } from '../ledger/recon-rows';
import type { Handler } from './context';
import { keptUntil, newFileQuryNo } from './file-numbers';
import { Refusal } from './refusal';
import { statementRange } from './statement-rows';

/** Compares; answers `fileinfo {file_qury_no, filename, dld_endtime}`. */
export const statementDetail: Handler = (ctx, input) => {
  const d = input.obj('data');
  const setlOptins = d.str('setl_optins', 6);
  const clrType = d.str('clr_type', 6);
  const range = statementRange(d);
  // The caller's totals are part of the call; they are checked for form, the comparison is by row.
  for (const k of ['medfee_sumamt', 'fund_pay_sumamt', 'cash_payamt']) d.optMoney(k, true);
  d.optStr('fixmedins_setl_cnt', 10);
  const file = getFile(ctx.db, d.str('file_qury_no', 40));
  if (file === undefined || file.fixmedins_code !== ctx.institution.fixmedins_code)
    throw new Refusal('NOT_FOUND', '文件查询号不存在');
  let lines;
  try {
    lines = parseDetailFile(new TextDecoder('utf-8', { fatal: false }).decode(file.bytes));
  } catch (e) {
    if (e instanceof DetailFileError) throw new Refusal('FILE_INVALID', e.message);
    throw e;
  }
  const platform = reconRows(ctx.db, {
    fixmedins_code: ctx.institution.fixmedins_code,
    ...range,
    clr_type: clrType,
    setl_optins: setlOptins,
  });
  const text = formatResultFile(compareDetail(lines, platform));
  const fileQuryNo = newFileQuryNo(ctx);
  const filename = `${fileQuryNo}.txt`;
  insertFile(ctx.db, {
    file_qury_no: fileQuryNo,
    fixmedins_code: ctx.institution.fixmedins_code,
    filename,
    bytes: Buffer.from(text, 'utf8'),
    stored_on: ctx.businessDate,
  });
  return { ref: fileQuryNo, output: { fileinfo: { file_qury_no: fileQuryNo, filename, dld_endtime: keptUntil(ctx) } } };
};
