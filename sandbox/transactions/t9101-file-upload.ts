/**
 * 9101 文件上传 (docs/sandbox-policy.md §7): `fsUploadIn {in, filename, fixmedins_code}`. `in` is the
 * file's bytes as a JSON array of byte values (Java/C# clients; signed bytes −128…−1 accepted) or a
 * Base64 string. A `.zip` holds one `.txt` entry; any other name is the text itself. The file is
 * kept under a new `file_qury_no` for the day.
 */
import { numericText } from '../../shared/money';
import { insertFile } from '../ledger/files-repo';
import { readSingleTextEntry, ZipError } from '../files/zip-archive';
import type { Handler } from './context';
import { keptUntil, newFileQuryNo } from './file-numbers';
import { badInput } from './refusal';

/** Largest uploaded file, bytes (the request body limit bounds it too). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bytesOf(value: unknown): Buffer {
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, '');
    if (text.length % 4 !== 0 || !BASE64.test(text)) throw badInput('fsUploadIn.in：应为字节数组或 Base64 文本');
    if ((text.length / 4) * 3 > MAX_UPLOAD_BYTES + 3)
      throw badInput(`fsUploadIn.in：文件超过 ${MAX_UPLOAD_BYTES} 字节`);
    return Buffer.from(text, 'base64');
  }
  if (!Array.isArray(value)) throw badInput('fsUploadIn.in：应为字节数组或 Base64 文本');
  if (value.length > MAX_UPLOAD_BYTES) throw badInput(`fsUploadIn.in：文件超过 ${MAX_UPLOAD_BYTES} 字节`);
  const out = Buffer.alloc(value.length);
  value.forEach((v, i) => {
    const t = numericText(v);
    const n = t !== null && /^-?\d{1,3}$/.test(t) ? Number(t) : NaN;
    if (!(n >= -128 && n <= 255)) throw badInput(`fsUploadIn.in[${i}]：应为 -128 至 255 的整数`);
    out[i] = n < 0 ? n + 256 : n;
  });
  return out;
}

/** Stores the file; answers `{file_qury_no, filename}`. */
export const fileUpload: Handler = (ctx, input) => {
  const f = input.obj('fsUploadIn');
  const filename = f.str('filename', 200);
  if (/[/\\]/.test(filename)) throw badInput('fsUploadIn.filename：不得含路径');
  const code = f.optStr('fixmedins_code', 30);
  if (code !== null && code !== ctx.institution.fixmedins_code)
    throw badInput('fsUploadIn.fixmedins_code：与报文的定点医药机构编号不符');
  let bytes = bytesOf(f.raw('in'));
  if (filename.toLowerCase().endsWith('.zip')) {
    try {
      bytes = readSingleTextEntry(bytes).bytes;
    } catch (e) {
      if (e instanceof ZipError) throw badInput(`fsUploadIn.in：${e.message}`);
      throw e;
    }
  }
  const fileQuryNo = newFileQuryNo(ctx);
  insertFile(ctx.db, {
    file_qury_no: fileQuryNo,
    fixmedins_code: ctx.institution.fixmedins_code,
    filename,
    bytes,
    stored_on: ctx.businessDate,
  });
  return { ref: fileQuryNo, output: { file_qury_no: fileQuryNo, filename, dld_endtime: keptUntil(ctx) } };
};
