/**
 * A vendor card-reader library (Windows DLL, Linux .so) called through the `koffi` FFI. Vendors and
 * provinces differ in the library path, the function name, its argument layout, the calling
 * convention and the text encoding, so all of these are options (config `devices.card_reader`);
 * no code names a vendor. Supported layouts of the read function (return 0 = success):
 * - `out_len`:  `int f(char *out, int len)`   e.g. `ReadCardBas(char*, int)`;
 * - `type_out`: `int f(int type, char *out)`  e.g. `iReadCardBas(int iType, char *out)` (docs/protocol.md §6);
 * - `out`:      `int f(char *out)`.
 * An optional `init_function` (`int f(void)`, 0 = success) runs once before the first read.
 *
 * The call runs on koffi's worker thread (`.async`), so a slow reader never blocks the main
 * process; a read that outlasts `timeout_ms` is answered as unavailable, and the reader stays busy
 * until the library returns (one call at a time).
 */
import type { CardData, CardReader, CardReadResult, SelfTestStep } from './ports';
import { ID_FIELDS, MAX_CARD_LINE, parseCardLine, SSC_FIELDS, type LineFields } from './card-line';

/** Argument layouts of the read function. */
export type ReadLayout = 'out_len' | 'type_out' | 'out';

/** The options of a library reader. */
export interface LibraryReaderOptions {
  /** Absolute path of the library on this machine (chosen per platform by main/app). */
  readonly path: string;
  /** Name of the read function exported by the library. */
  readonly function: string;
  readonly layout: ReadLayout;
  /** `type` argument of the `type_out` layout (e.g. 1 contact, 2 contactless, 3 auto; default 3). */
  readonly card_type: number;
  /** Size of the output buffer, bytes. */
  readonly buffer_bytes: number;
  /** Text encoding of the output (`gbk` for most Windows drivers, `utf-8`). */
  readonly encoding: 'gbk' | 'utf-8';
  /** What the output holds: a social security card line, or an ID card line. */
  readonly medium: CardData['medium'];
  /** Field positions in the `|`-separated output; default per medium. */
  readonly fields?: LineFields;
  /** Optional `int f(void)` to call once before the first read. */
  readonly init_function?: string;
  /** `stdcall` for 32-bit Windows drivers that use it; default `cdecl`. */
  readonly convention: 'cdecl' | 'stdcall';
  /** Longest wait for one read, ms. */
  readonly timeout_ms: number;
}

/** What a library reader needs from koffi (the subset used, so tests and main/app see one shape). */
interface KoffiFunction {
  (...args: unknown[]): unknown;
  async(...args: unknown[]): void;
}
interface KoffiLibrary {
  func(convention: string, name: string, result: string, params: readonly string[]): KoffiFunction;
  unload?(): void;
}
interface KoffiModule {
  load(path: string): KoffiLibrary;
}

type Loaded =
  | { readonly ok: true; readonly read: KoffiFunction; readonly lib: KoffiLibrary }
  | { readonly ok: false; readonly step: string; readonly detail: string };

const PARAMS: Readonly<Record<ReadLayout, readonly string[]>> = {
  out_len: ['void *', 'int'],
  type_out: ['int', 'void *'],
  out: ['void *'],
};

/** A reader backed by a vendor library. */
export class LibraryCardReader implements CardReader {
  readonly kind = 'library';
  private loaded: Promise<Loaded> | null = null;
  private busy = false;

  constructor(private readonly opts: LibraryReaderOptions) {}

  async read(): Promise<CardReadResult> {
    const l = await this.load();
    if (!l.ok) return { ok: false, code: 'CARD_READER_UNAVAILABLE', detail: `${l.step}: ${l.detail}` };
    if (this.busy) return { ok: false, code: 'CARD_READER_UNAVAILABLE', detail: '上一次读卡尚未返回' };
    const buf = Buffer.alloc(this.opts.buffer_bytes);
    const args =
      this.opts.layout === 'out_len'
        ? [buf, buf.length]
        : this.opts.layout === 'type_out'
          ? [this.opts.card_type, buf]
          : [buf];
    const rc = await this.callAsync(l.read, args);
    if (rc === 'timeout')
      return { ok: false, code: 'CARD_READER_UNAVAILABLE', detail: `读卡超过 ${this.opts.timeout_ms} 毫秒未返回` };
    if (typeof rc !== 'number')
      return { ok: false, code: 'CARD_READER_UNAVAILABLE', detail: `调用 ${this.opts.function} 失败：${rc.error}` };
    if (rc !== 0) return { ok: false, code: 'CARD_READ_FAILED', detail: `${this.opts.function} 返回 ${rc}` };
    const end = buf.indexOf(0);
    const text = new TextDecoder(this.opts.encoding)
      .decode(buf.subarray(0, end < 0 ? buf.length : end))
      .slice(0, MAX_CARD_LINE);
    const card = parseCardLine(
      text,
      this.opts.medium,
      this.opts.fields ?? (this.opts.medium === 'ssc' ? SSC_FIELDS : ID_FIELDS),
    );
    if (!card)
      return {
        ok: false,
        code: 'CARD_READ_FAILED',
        detail: `${this.opts.function} 的输出缺少${this.opts.medium === 'ssc' ? '卡号或卡识别码' : '身份证号'}`,
      };
    return { ok: true, card };
  }

  async selfTest(): Promise<readonly SelfTestStep[]> {
    const steps: SelfTestStep[] = [];
    const l = await this.load();
    if (!l.ok) {
      if (l.step !== '加载读卡库') steps.push({ name: '加载读卡库', ok: true, detail: this.opts.path });
      steps.push({ name: l.step, ok: false, detail: l.detail });
      return steps;
    }
    steps.push({ name: '加载读卡库', ok: true, detail: this.opts.path });
    steps.push({ name: '查找读卡函数', ok: true, detail: `${this.opts.function}（${this.opts.layout}）` });
    const r = await this.read();
    steps.push({
      name: '读卡',
      ok: r.ok,
      detail: r.ok ? `读到${r.card.medium === 'ssc' ? '社保卡' : '身份证'}` : r.detail,
    });
    return steps;
  }

  close(): void {
    void this.loaded?.then((l) => {
      if (l.ok) l.lib.unload?.();
    });
    this.loaded = null;
  }

  /** Loads the library and resolves the functions once; the init function runs here. */
  private load(): Promise<Loaded> {
    this.loaded ??= (async (): Promise<Loaded> => {
      let koffi: KoffiModule;
      try {
        koffi = ((await import('koffi')) as unknown as { default: KoffiModule }).default;
      } catch (e) {
        return { ok: false, step: '加载 FFI 组件', detail: e instanceof Error ? e.message : String(e) };
      }
      let lib: KoffiLibrary;
      try {
        lib = koffi.load(this.opts.path);
      } catch (e) {
        return {
          ok: false,
          step: '加载读卡库',
          detail: `${this.opts.path}：${e instanceof Error ? e.message : String(e)}`,
        };
      }
      const conv = this.opts.convention === 'stdcall' ? '__stdcall' : '__cdecl';
      let read: KoffiFunction;
      try {
        read = lib.func(conv, this.opts.function, 'int', PARAMS[this.opts.layout]);
      } catch (e) {
        return {
          ok: false,
          step: '查找读卡函数',
          detail: `${this.opts.function}：${e instanceof Error ? e.message : String(e)}`,
        };
      }
      if (this.opts.init_function) {
        try {
          const rc = lib.func(conv, this.opts.init_function, 'int', [])();
          if (rc !== 0)
            return { ok: false, step: '初始化读卡器', detail: `${this.opts.init_function} 返回 ${String(rc)}` };
        } catch (e) {
          return {
            ok: false,
            step: '初始化读卡器',
            detail: `${this.opts.init_function}：${e instanceof Error ? e.message : String(e)}`,
          };
        }
      }
      return { ok: true, read, lib };
    })();
    return this.loaded;
  }

  /** Calls `fn` on koffi's worker; resolves with its return code, an error, or `timeout`. */
  private callAsync(fn: KoffiFunction, args: readonly unknown[]): Promise<number | { error: string } | 'timeout'> {
    this.busy = true;
    return new Promise((resolve) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve('timeout');
      }, this.opts.timeout_ms);
      try {
        fn.async(...args, (err: unknown, rc: unknown) => {
          this.busy = false;
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          resolve(err ? { error: err instanceof Error ? err.message : String(err) } : Number(rc));
        });
      } catch (e) {
        this.busy = false;
        clearTimeout(timer);
        if (!settled) resolve({ error: e instanceof Error ? e.message : String(e) });
      }
    });
  }
}
