/** 9002 签退 (docs/protocol.md §2.1): signOut {sign_no, opter_no} → signoutoutb {sign_time}. */
import { getSignin, signOut as markSignedOut } from '../ledger/signins-repo';
import type { Handler } from './context';
import { Refusal } from './refusal';

/** Signs a sign_no out; later calls carrying it fail with SIGN_NO_INVALID. */
export const signOut: Handler = (ctx, input) => {
  const s = input.obj('signOut');
  const signNo = s.str('sign_no', 30);
  s.str('opter_no', 30);
  const row = getSignin(ctx.db, signNo);
  if (row === undefined || row.fixmedins_code !== ctx.institution.fixmedins_code || row.state !== 'active') {
    throw new Refusal('SIGN_NO_INVALID', '签到编号无效或已签退');
  }
  markSignedOut(ctx.db, signNo);
  return { output: { signoutoutb: { sign_time: ctx.nowText, sign_no: signNo } } };
};
