/**
 * Reading the entries of a ZIP file (an XLSX is one) with every size bounded, so that a small file
 * cannot expand into gigabytes (a zip bomb). The central directory is read first: the entry count,
 * each entry's declared size and the declared total are checked before anything is inflated. Then
 * an entry is inflated as a stream (`DecompressionStream`, native zlib off the JavaScript thread),
 * a few KB of compressed input at a time, counting what comes out: an entry that inflates past its
 * declared size or past the cap is refused at that moment, whatever its header said.
 *
 * Pure web-platform code (no `node:*`), as the catalog layer requires.
 */

/** Caps of one archive. */
export interface ZipLimits {
  /** Most entries in the central directory. */
  readonly maxEntries: number;
  /** Largest uncompressed entry, bytes. */
  readonly maxEntryBytes: number;
  /** Largest sum of the declared uncompressed sizes, bytes. */
  readonly maxTotalBytes: number;
}

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  /** Declared uncompressed size, bytes (checked again while inflating). */
  readonly size: number;
  /** Offset of the local file header. */
  readonly localOffset: number;
}

/** Why an archive or an entry was refused. */
export type ZipRefusal =
  /** Not a ZIP we can read (no directory, encrypted, ZIP64, unknown method, corrupt data). */
  | { readonly kind: 'invalid' }
  /** A cap was passed; `what` names it for the message. */
  | { readonly kind: 'too_large'; readonly what: 'entries' | 'entry' | 'total' };

/** Thrown by {@link inflateEntry} when an entry passes a cap or is corrupt. */
export class ZipRefused extends Error {
  constructor(readonly refusal: ZipRefusal) {
    super(`zip refused: ${refusal.kind}${refusal.kind === 'too_large' ? ` (${refusal.what})` : ''}`);
  }
}

const EOCD = 0x06054b50;
const CDIR = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed input handed to the inflater per step: bounds what one step can produce (deflate ≤ ~1032:1). */
const SLICE = 4096;

/** Reads the central directory; refuses (without inflating anything) what passes the caps. */
export function readZipDirectory(
  bytes: Uint8Array,
  limits: ZipLimits,
): { readonly ok: true; readonly entries: ZipEntry[] } | { readonly ok: false; readonly refusal: ZipRefusal } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = { ok: false, refusal: { kind: 'invalid' } } as const;
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return invalid;
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) return invalid; // ZIP64: no XLSX we accept needs it
  if (count > limits.maxEntries) return { ok: false, refusal: { kind: 'too_large', what: 'entries' } };
  if (dirOffset + dirSize > bytes.byteLength) return invalid;
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = dirOffset;
  const names = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.byteLength || view.getUint32(p, true) !== CDIR) return invalid;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8)) return invalid; // encrypted, or not stored/deflated
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) return invalid;
    if (p + 46 + nameLen > bytes.byteLength) return invalid;
    if (size > limits.maxEntryBytes) return { ok: false, refusal: { kind: 'too_large', what: 'entry' } };
    total += size;
    if (total > limits.maxTotalBytes) return { ok: false, refusal: { kind: 'too_large', what: 'total' } };
    entries.push({
      name: names.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method,
      compressedSize,
      size,
      localOffset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries };
}

/**
 * The uncompressed bytes of `entry`, chunk by chunk. Throws {@link ZipRefused} as soon as the output
 * passes the entry's declared size or `maxBytes`, or when the data is corrupt. Stopping early
 * (breaking out of the loop) cancels the inflater.
 */
export async function* inflateEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): AsyncGenerator<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL) throw new ZipRefused({ kind: 'invalid' });
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw new ZipRefused({ kind: 'invalid' });
  const data = bytes.subarray(start, start + entry.compressedSize);
  const limit = Math.min(entry.size, maxBytes);
  if (entry.method === 0) {
    if (data.byteLength > limit) throw new ZipRefused({ kind: 'too_large', what: 'entry' });
    yield data;
    return;
  }
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  // The writer feeds small slices and waits for each: zlib's back-pressure holds it while the
  // reader below has not taken the output, so memory stays at a few slices' worth.
  const pump = (async () => {
    for (let o = 0; o < data.byteLength; o += SLICE) await writer.write(data.subarray(o, o + SLICE));
    await writer.close();
  })();
  pump.catch(() => undefined);
  const reader = inflater.readable.getReader();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const chunk = await reader.read().catch(() => {
        throw new ZipRefused({ kind: 'invalid' });
      });
      if (chunk.done) break;
      total += chunk.value.byteLength;
      if (total > limit)
        throw new ZipRefused(
          total > entry.size && entry.size < maxBytes ? { kind: 'invalid' } : { kind: 'too_large', what: 'entry' },
        );
      yield chunk.value;
    }
    finished = true;
  } finally {
    if (!finished) {
      await reader.cancel().catch(() => undefined);
      await writer.abort().catch(() => undefined);
    }
  }
  if (total !== entry.size) throw new ZipRefused({ kind: 'invalid' });
}

/** Finds an entry by name (XLSX part names are case-sensitive in practice but tools vary: exact first, then case-insensitive). */
export function findEntry(entries: readonly ZipEntry[], name: string): ZipEntry | undefined {
  return entries.find((e) => e.name === name) ?? entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
}
