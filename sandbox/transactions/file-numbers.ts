/** File numbers (`file_qury_no`) of 9101 uploads and 3202 results. */
import { formatStamp14 } from '../clock';
import { addDays } from '../../shared/dates';
import { purgeFilesBefore } from '../ledger/files-repo';
import { nextCounter } from '../ledger/meta-repo';
import type { CallContext } from './context';

/** A new file number: `F` + yyyyMMddHHmmss + a 6-digit serial that survives restarts. Purges files of earlier days. */
export function newFileQuryNo(ctx: CallContext): string {
  purgeFilesBefore(ctx.db, addDays(ctx.businessDate, -1));
  return `F${formatStamp14(ctx.now)}${String(nextCounter(ctx.db, 'file_qury_no')).padStart(6, '0')}`;
}

/** The end of the day a file is kept for (`yyyy-MM-dd 23:59:59` of the business date). */
export function keptUntil(ctx: CallContext): string {
  return `${ctx.businessDate} 23:59:59`;
}
