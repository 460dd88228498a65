/**
 * A minimal, bounded zip reader and writer (PKWARE APPNOTE: local headers, central directory,
 * end record; methods 0 stored and 8 deflate) on node:zlib. It reads only what 9101 needs: an
 * archive holding exactly one `.txt` entry. Zip64, encryption and multi-disk archives are refused.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** Largest uncompressed entry accepted, bytes. */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

/** A malformed or unsupported archive; `message` is plain Chinese. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const MAX_ENTRIES = 16;

function findEndRecord(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i -= 1) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw new ZipError('不是 zip 文件（找不到目录结束记录）');
}

/** The one `.txt` entry of a zip archive: its name and bytes (CRC checked, size bounded). */
export function readSingleTextEntry(buf: Buffer, maxBytes = MAX_ENTRY_BYTES): { name: string; bytes: Buffer } {
  if (buf.length < 22) throw new ZipError('不是 zip 文件（过短）');
  const end = findEndRecord(buf);
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 6) !== 0) throw new ZipError('不支持分卷 zip');
  if (count > MAX_ENTRIES) throw new ZipError(`zip 条目过多（${count}）`);
  if (cdOffset + cdSize > end) throw new ZipError('zip 目录越界');
  const files: { name: string; method: number; crc: number; csize: number; usize: number; offset: number }[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CEN_SIG) throw new ZipError('zip 目录损坏');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > end) throw new ZipError('zip 目录损坏');
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if ((flags & 1) !== 0) throw new ZipError('不支持加密的 zip');
    if (csize === 0xffffffff || usize === 0xffffffff || offset === 0xffffffff) throw new ZipError('不支持 zip64');
    files.push({ name, method, crc, csize, usize, offset });
  }
  if (files.length !== 1) throw new ZipError(`zip 应只含一个文件，实有 ${files.length} 个`);
  const f = files[0]!;
  if (!f.name.toLowerCase().endsWith('.txt')) throw new ZipError('zip 中的文件应为 .txt');
  if (f.usize > maxBytes) throw new ZipError(`文件过大（超过 ${maxBytes} 字节）`);
  if (f.offset + 30 > buf.length || buf.readUInt32LE(f.offset) !== LOC_SIG) throw new ZipError('zip 本地头损坏');
  const start = f.offset + 30 + buf.readUInt16LE(f.offset + 26) + buf.readUInt16LE(f.offset + 28);
  if (start + f.csize > buf.length) throw new ZipError('zip 数据越界');
  const data = buf.subarray(start, start + f.csize);
  let bytes: Buffer;
  if (f.method === 0) bytes = Buffer.from(data);
  else if (f.method === 8) {
    try {
      bytes = inflateRawSync(data, { maxOutputLength: maxBytes });
    } catch {
      throw new ZipError('zip 数据无法解压');
    }
  } else throw new ZipError(`不支持的压缩方法 ${f.method}`);
  if (bytes.length !== f.usize || crc32(bytes) !== f.crc) throw new ZipError('zip 数据校验失败');
  return { name: f.name, bytes };
}

/** A zip archive holding one deflated entry `name` (UTF-8 name flag set). */
export function writeSingleEntryZip(name: string, bytes: Buffer): Buffer {
  const nameBuf = Buffer.from(name, 'utf8');
  const data = deflateRawSync(bytes);
  const crc = crc32(bytes);
  const loc = Buffer.alloc(30);
  loc.writeUInt32LE(LOC_SIG, 0);
  loc.writeUInt16LE(20, 4);
  loc.writeUInt16LE(0x0800, 6);
  loc.writeUInt16LE(8, 8);
  loc.writeUInt16LE(0x21, 12); // 1980-01-01: a fixed stamp keeps the archive reproducible
  loc.writeUInt32LE(crc, 14);
  loc.writeUInt32LE(data.length, 18);
  loc.writeUInt32LE(bytes.length, 22);
  loc.writeUInt16LE(nameBuf.length, 26);
  const cen = Buffer.alloc(46);
  cen.writeUInt32LE(CEN_SIG, 0);
  cen.writeUInt16LE(20, 4);
  cen.writeUInt16LE(20, 6);
  cen.writeUInt16LE(0x0800, 8);
  cen.writeUInt16LE(8, 10);
  cen.writeUInt16LE(0x21, 14);
  cen.writeUInt32LE(crc, 16);
  cen.writeUInt32LE(data.length, 20);
  cen.writeUInt32LE(bytes.length, 24);
  cen.writeUInt16LE(nameBuf.length, 28);
  const cdOffset = loc.length + nameBuf.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cen.length + nameBuf.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([loc, nameBuf, data, cen, nameBuf, eocd]);
}
