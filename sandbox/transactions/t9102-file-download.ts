/**
 * 9102 文件下载 (docs/sandbox-policy.md §7): `fsDownloadIn {file_qury_no, filename, fixmedins_code}`.
 * A known number is answered with the file's bytes as the HTTP body; an unknown one with the
 * usual envelope and `[NOT_FOUND]`.
 */
import { getFile } from '../ledger/files-repo';
import type { Handler } from './context';
import { Refusal } from './refusal';

/** Answers the file. */
export const fileDownload: Handler = (ctx, input) => {
  const f = input.obj('fsDownloadIn');
  f.optStr('filename', 200);
  const file = getFile(ctx.db, f.str('file_qury_no', 40));
  if (file === undefined || file.fixmedins_code !== ctx.institution.fixmedins_code)
    throw new Refusal('NOT_FOUND', '文件查询号不存在');
  return { ref: file.file_qury_no, output: {}, file: { filename: file.filename, bytes: file.bytes } };
};
