/** 9001 签到 (docs/protocol.md §2.1): signIn {opter_no, mac, ip} → signinoutb {sign_time, sign_no}. */
import { insertSignin } from '../ledger/signins-repo';
import type { Handler } from './context';
import { newSignNo } from './ids';

/** Issues a new sign_no for the operator. */
export const signIn: Handler = (ctx, input) => {
  const s = input.obj('signIn');
  const opterNo = s.str('opter_no', 30);
  s.optStr('mac', 50);
  s.str('ip', 50);
  const signNo = newSignNo(ctx);
  insertSignin(ctx.db, signNo, ctx.institution.fixmedins_code, opterNo, ctx.nowText);
  return { output: { signinoutb: { sign_time: ctx.nowText, sign_no: signNo } } };
};
