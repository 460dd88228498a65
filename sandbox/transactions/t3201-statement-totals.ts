/**
 * 3201 医药机构费用结算对总账 (docs/sandbox-policy.md §7): the caller's rows of one insutype ×
 * clr_type × setl_optins dated in the range, summed, against the caller's four figures.
 */
import { fenToString, toFen, type Fen } from '../../shared/money';
import { reconRows } from '../ledger/recon-rows';
import type { Handler } from './context';
import { badInput } from './refusal';
import { statementRange, totalsOfRows } from './statement-rows';

const FIGURES = [
  ['fixmedins_setl_cnt', '笔数'],
  ['medfee_sumamt', '医疗费总额'],
  ['fund_pay_sumamt', '基金支付总额'],
  ['acct_pay', '个人账户支付总额'],
] as const;

/** Answers `stmtinfo {setl_optins, stmt_rslt, stmt_rslt_dscr}`. */
export const statementTotals: Handler = (ctx, input) => {
  const d = input.obj('data');
  const insutype = d.str('insutype', 6);
  const clrType = d.str('clr_type', 6);
  const setlOptins = d.str('setl_optins', 6);
  const range = statementRange(d);
  const cntText = d.str('fixmedins_setl_cnt', 10);
  if (!/^-?\d{1,9}$/.test(cntText)) throw badInput('data.fixmedins_setl_cnt：应为整数');
  const hospital: Record<(typeof FIGURES)[number][0], Fen> = {
    fixmedins_setl_cnt: Number(cntText),
    medfee_sumamt: toFen(d.money('medfee_sumamt', true)),
    fund_pay_sumamt: toFen(d.money('fund_pay_sumamt', true)),
    acct_pay: toFen(d.money('acct_pay', true)),
  };
  const t = totalsOfRows(
    reconRows(ctx.db, {
      fixmedins_code: ctx.institution.fixmedins_code,
      ...range,
      insutype,
      clr_type: clrType,
      setl_optins: setlOptins,
    }),
  );
  const platform = {
    fixmedins_setl_cnt: t.count,
    medfee_sumamt: t.medfee_sumamt,
    fund_pay_sumamt: t.fund_pay_sumamt,
    acct_pay: t.acct_pay,
  };
  const show = (k: string, v: number): string => (k === 'fixmedins_setl_cnt' ? String(v) : fenToString(v));
  const differing = FIGURES.filter(([k]) => platform[k] !== hospital[k]).map(
    ([k, name]) => `${name} 平台${show(k, platform[k])} 医院${show(k, hospital[k])}`,
  );
  return {
    output: {
      stmtinfo: {
        setl_optins: setlOptins,
        stmt_rslt: differing.length === 0 ? '0' : '1',
        stmt_rslt_dscr: differing.length === 0 ? '平' : differing.join('；'),
      },
    },
  };
};
