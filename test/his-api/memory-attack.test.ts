/**
 * The outside review's memory attacks (hardening issue item 1), replayed against the product in a
 * child process with a 256 MB heap (test/his-api/memory-child.ts): three parallel 60 MB bodies
 * to presettle, a 100 MB body with `Expect: 100-continue`, chunked 60 MB bodies, the same at the
 * bridge, and three parallel bills of 20,000 lines at the bill cap. The child must stay alive,
 * answer 413/503 as documented, and its heap must stay bounded. Sizes, not timings, are asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILL_BODY_BYTES, MAX_LARGE_BODIES } from '../../main/his-api/body-limits';
import { blast, startMemoryChild, type MemoryChild } from './memory-child-process';
import { rawRequest } from './raw-request';

const MB = 1024 * 1024;
/** The heap limit of the child and the peak its heap must stay under while attacked. */
const HEAP_MB = 256;
const HEAP_BOUND = 160 * MB;

let c: MemoryChild;
/** Heap used by the idle product after start. */
let baseline = 0;
const auth = () => ({ Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  c = await startMemoryChild(HEAP_MB);
  baseline = (await c.report()).heapNow;
}, 90_000);
afterAll(async () => c?.stop());

/** Every parallel attacker reads the JSON refusal `status` (no reset while still sending). */
function expectRefusedAs(answers: readonly { status: number }[], status: number): void {
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => status));
}

/** A valid bill of `n` lines with long names: the heaviest body the bill cap lets through. */
function heavyBill(n: number): string {
  const name = '六十四排螺旋CT平扫加增强'.repeat(12).slice(0, 140);
  const lines = Array.from({ length: n }, (_, i) => ({
    feedetl_sn: `L${String(i).padStart(8, '0')}`,
    med_list_codg: '002104000010000',
    medins_list_codg: `HIS-${String(i).padStart(10, '0')}`,
    name,
    cnt: '1',
    pric: '280.00',
    det_item_fee_sumamt: '280.00',
    fee_ocur_time: '2026-11-20 09:10:00',
  }));
  return JSON.stringify({ lines });
}

describe('memory attacks in a 256 MB child', () => {
  it('three parallel 60 MB bodies to presettle: 413 each, the process lives, the heap stays bounded', async () => {
    const answers = await Promise.all(
      [0, 1, 2].map(() => blast(c.api, '/api/v1/visits/V0001/presettle', auth(), 60 * MB)),
    );
    expectRefusedAs(answers, 413);
    const answered = answers.find((a) => a.status === 413);
    expect(JSON.parse(answered?.text ?? '{}')).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', detail: { limit_bytes: MB } },
    });
    expect(c.alive()).toBe(true);
    const m = await c.report();
    expect(m.peakHeap).toBeLessThan(HEAP_BOUND);
  }, 60_000);

  it('a 100 MB body with Expect: 100-continue gets 413 and no 100 Continue', async () => {
    const a = await blast(c.api, '/api/v1/visits/V0001/fees', auth(), 100 * MB, { expectContinue: true });
    expect(a.status).toBe(413);
    expect(a.gotContinue).toBe(false);
    expect(JSON.parse(a.text)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', detail: { limit_bytes: BILL_BODY_BYTES } },
    });
  }, 60_000);

  it('three chunked 60 MB bodies (no Content-Length) are cut at the cap', async () => {
    const answers = await Promise.all(
      [0, 1, 2].map(() => blast(c.api, '/api/v1/visits/V0001/fees', auth(), 60 * MB, { chunked: true })),
    );
    for (const a of answers) expect([413, 503]).toContain(a.status);
    expect(answers.some((a) => a.status === 413)).toBe(true);
    expect(c.alive()).toBe(true);
    expect((await c.report()).peakHeap).toBeLessThan(HEAP_BOUND);
  }, 60_000);

  it('the bridge checks the size first too: 60 MB to /bridge/createBill answers 413 before reading', async () => {
    const u = new URL(c.uiUrl);
    const headers = { Authorization: `Bearer ${c.uiToken}`, 'Content-Type': 'application/json', Host: u.host };
    const answers = await Promise.all([0, 1, 2].map(() => blast(c.api, '/bridge/createBill', headers, 60 * MB)));
    expectRefusedAs(answers, 413);
    const one = await blast(c.api, '/bridge/createBill', headers, 60 * MB);
    expect(one.status).toBe(413);
    expect(JSON.parse(one.text)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const chunked = await blast(c.api, '/bridge/health', headers, 8 * MB, { chunked: true });
    expect(chunked.status).toBe(413);
    expect(c.alive()).toBe(true);
  }, 60_000);

  it('three parallel bills of 20,000 lines at the bill cap: at most MAX_LARGE_BODIES at a time, the heap stays bounded', async () => {
    const bill = heavyBill(20_000);
    expect(Buffer.byteLength(bill)).toBeGreaterThan(10 * MB);
    expect(Buffer.byteLength(bill)).toBeLessThan(BILL_BODY_BYTES);
    const send = () =>
      rawRequest({ url: c.api, path: '/api/v1/visits/NO-SUCH-VISIT/fees', headers: auth(), body: bill });
    const answers = await Promise.all([0, 1, 2].map(send));
    expect(c.alive()).toBe(true);
    const m = await c.report();
    const mb = (n: number) => `${Math.round(n / MB)} MB`;
    process.stdout.write(
      `memory: baseline heap ${mb(baseline)}, peak with bills ${mb(m.peakHeap)}, peak RSS ${mb(m.peakRss)}\n`,
    );
    // Each one was read and validated (the visit is unknown: 404) or refused for a full server (503).
    for (const a of answers) expect([404, 503]).toContain(a.status);
    expect(answers.filter((a) => a.status === 404).length).toBeGreaterThanOrEqual(MAX_LARGE_BODIES);
    expect(m.peakHeap).toBeLessThan(HEAP_BOUND);
    const health = await rawRequest({ url: c.api, method: 'GET', path: '/api/v1/health' });
    expect(health.status).toBe(200);
  }, 120_000);
});
