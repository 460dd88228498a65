/**
 * Platform identifiers (opaque strings ≤ 30 characters, docs/protocol.md §3 admdvs note), made from
 * persisted counters so they stay unique across restarts.
 */
import { formatStamp14 } from '../clock';
import { nextCounter } from '../ledger/meta-repo';
import type { CallContext } from './context';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** 医保就诊ID: `MD` + institution admdvs + yyyyMMdd + 10-digit counter (26 chars). */
export function newMdtrtId(ctx: CallContext): string {
  return `MD${ctx.institution.admdvs}${ctx.businessDate.replace(/-/g, '')}${pad(nextCounter(ctx.db, 'mdtrt_id'), 10)}`;
}

/** 结算ID: `ST` + institution admdvs + yyyyMMdd + 10-digit counter (26 chars). */
export function newSetlId(ctx: CallContext): string {
  return `ST${ctx.institution.admdvs}${ctx.businessDate.replace(/-/g, '')}${pad(nextCounter(ctx.db, 'setl_id'), 10)}`;
}

/** 签到编号: `SG` + yyyyMMddHHmmss + 10-digit counter (26 chars). */
export function newSignNo(ctx: CallContext): string {
  return `SG${formatStamp14(ctx.now)}${pad(nextCounter(ctx.db, 'sign_no'), 10)}`;
}
