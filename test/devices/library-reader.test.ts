/**
 * The vendor-library card reader (main/devices/library-reader.ts) against a real shared library
 * built here with gcc (`gcc -shared -fPIC`), standing in for a vendor's driver: the layouts
 * `out_len` (`ReadCardBas(char*, int)`) and `type_out` (`iReadCardBas(int, char*)`), GBK output,
 * an init function, a refusing driver, a missing function or library, and a read that hangs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryCardReader, type LibraryReaderOptions } from '../../main/devices/library-reader';
import { cardLine } from '../../main/devices/card-line';
import { classifyCredential } from '../../shared/identity/credential';

/** The test card: a social security card line of docs/protocol.md §6 (a demo person, not real data). */
const LINE =
  '410200|410202198305090198|A00000005|410200D15600000005ABCDEF0123456789|测试|R|2.0|20200101|20300101|T1|D1|';

const C_SOURCE = `
#include <string.h>
#include <unistd.h>
static const char *LINE = "${LINE}";
/* "张三|..." in GBK: 0xD5C5 0xC8FD */
static const char GBK_ID[] = { '4','1','0','2','0','2','1','9','8','3','0','5','0','9','0','1','9','8','|', (char)0xD5, (char)0xC5, (char)0xC8, (char)0xFD, '|', 0 };
static int inited = 0;
int Init(void) { inited = 1; return 0; }
int ReadCardBas(char *out, int len) { if ((int)strlen(LINE) + 1 > len) return -2; strcpy(out, LINE); return 0; }
int ReadAfterInit(char *out, int len) { if (!inited) return -5; return ReadCardBas(out, len); }
int iReadCardBas(int type, char *out) { if (type != 3) return -3; strcpy(out, LINE); return 0; }
int ReadIdGbk(char *out, int len) { if ((int)sizeof(GBK_ID) > len) return -2; memcpy(out, GBK_ID, sizeof(GBK_ID)); return 0; }
int NoCard(char *out, int len) { (void)out; (void)len; return -11; }
int Garbage(char *out, int len) { (void)len; strcpy(out, "only-one-field"); return 0; }
int Slow(char *out, int len) { usleep(1500 * 1000); return ReadCardBas(out, len); }
`;

let dir = '';
let lib = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'card-lib-'));
  writeFileSync(path.join(dir, 'fake-reader.c'), C_SOURCE);
  lib = path.join(dir, 'libfakereader.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-o', lib, path.join(dir, 'fake-reader.c')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reader = (o: Partial<LibraryReaderOptions>) =>
  new LibraryCardReader({
    path: lib,
    function: 'ReadCardBas',
    layout: 'out_len',
    card_type: 3,
    buffer_bytes: 1024,
    encoding: 'utf-8',
    medium: 'ssc',
    convention: 'cdecl',
    timeout_ms: 5000,
    ...o,
  });

describe('LibraryCardReader (koffi) with a gcc-built stand-in library', () => {
  it('reads the test card with ReadCardBas(char*, int); its line identifies as 03 with card no and card_sn', async () => {
    const r = reader({});
    const got = await r.read();
    expect(got).toEqual({
      ok: true,
      card: {
        medium: 'ssc',
        certno: '410202198305090198',
        cardno: 'A00000005',
        card_sn: '410200D15600000005ABCDEF0123456789',
        psn_name: '测试',
      },
    });
    if (!got.ok) throw new Error('not read');
    const c = classifyCredential(cardLine(got.card), '2026-11-20');
    expect(c).toMatchObject({
      kind: 'ssc_card',
      mdtrt_cert_no: 'A00000005',
      card_sn: '410200D15600000005ABCDEF0123456789',
    });
    expect((await r.selfTest()).map((s) => [s.name, s.ok])).toEqual([
      ['加载读卡库', true],
      ['查找读卡函数', true],
      ['读卡', true],
    ]);
    r.close();
  });

  it('the type_out layout (iReadCardBas(int iType, char* out)) passes card_type', async () => {
    expect(await reader({ function: 'iReadCardBas', layout: 'type_out' }).read()).toMatchObject({
      ok: true,
      card: { cardno: 'A00000005' },
    });
    expect(await reader({ function: 'iReadCardBas', layout: 'type_out', card_type: 1 }).read()).toEqual({
      ok: false,
      code: 'CARD_READ_FAILED',
      detail: 'iReadCardBas 返回 -3',
    });
  });

  it('decodes GBK output of an ID card reader', async () => {
    expect(await reader({ function: 'ReadIdGbk', encoding: 'gbk', medium: 'id_card' }).read()).toEqual({
      ok: true,
      card: { medium: 'id_card', certno: '410202198305090198', psn_name: '张三' },
    });
  });

  it('runs the init function once before reading', async () => {
    expect(await reader({ function: 'ReadAfterInit' }).read()).toMatchObject({ ok: false, code: 'CARD_READ_FAILED' });
    expect(await reader({ function: 'ReadAfterInit', init_function: 'Init' }).read()).toMatchObject({ ok: true });
  });

  it('tells "no card" (the cashier acts) from "no reader" (IT acts)', async () => {
    expect(await reader({ function: 'NoCard' }).read()).toEqual({
      ok: false,
      code: 'CARD_READ_FAILED',
      detail: 'NoCard 返回 -11',
    });
    expect(await reader({ function: 'Garbage' }).read()).toMatchObject({ ok: false, code: 'CARD_READ_FAILED' });
    expect(await reader({ buffer_bytes: 64 }).read()).toMatchObject({
      ok: false,
      code: 'CARD_READ_FAILED',
      detail: 'ReadCardBas 返回 -2',
    });
    const missingFn = reader({ function: 'NotExported' });
    expect(await missingFn.read()).toMatchObject({ ok: false, code: 'CARD_READER_UNAVAILABLE' });
    expect((await missingFn.selfTest()).map((s) => [s.name, s.ok])).toEqual([
      ['加载读卡库', true],
      ['查找读卡函数', false],
    ]);
    const missingLib = reader({ path: path.join(dir, 'nope.so') });
    expect(await missingLib.read()).toMatchObject({ ok: false, code: 'CARD_READER_UNAVAILABLE' });
    expect((await missingLib.selfTest()).map((s) => [s.name, s.ok])).toEqual([['加载读卡库', false]]);
  });

  it('a read that outlasts timeout_ms is answered as unavailable; the reader is busy until the library returns', async () => {
    const r = reader({ function: 'Slow', timeout_ms: 500 });
    expect(await r.read()).toMatchObject({ ok: false, code: 'CARD_READER_UNAVAILABLE' });
    expect(await r.read()).toEqual({ ok: false, code: 'CARD_READER_UNAVAILABLE', detail: '上一次读卡尚未返回' });
  });
});
