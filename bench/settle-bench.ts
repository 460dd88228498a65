/**
 * The adapter's overhead per settlement (D-24, `npm run bench`): a 50-line outpatient bill
 * opened, uploaded and settled through the HIS API (adapter process → sandbox process), beside the
 * same protocol messages sent straight to the sandbox by a bare HTTP client, in the same run.
 * Prints p50/p99 of both, the overhead (adapter − bare) and the ratio. Goal: overhead p50 ≤ 5 ms
 * including the durable journal writes; ratio ≤ 1.15. Figures only, no pass/fail.
 *
 * Run alone: `npx tsx bench/settle-bench.ts [N]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandboxOn, startServe } from '../test/support/managed-process';
import { writeTestScenario } from '../test/support/test-scenario';
import { formatMoney, Money } from '../shared/money';

const FIX = { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院', mdtrtarea_admvs: '410202' };
const PATIENT = { psn_no: 'DEMO000102031X', certno: '43010219560302031X', insutype: '310', insuplc: '430100' };
const TOKEN = 'bench-token-0123456789abcdef';
const ITEMS = [
  ['002201000020000', '20.00'],
  ['002202000030000', '85.00'],
  ['XC09CAL016A001010101234', '18.60'],
  ['ZA01BAA0071010100123', '14.80'],
  ['001102000020000', '30.00'],
] as const;

/** A 50-line bill. */
function bill(tag: string) {
  return Array.from({ length: 50 }, (_, i) => {
    const [code, pric] = ITEMS[i % ITEMS.length] ?? ITEMS[0];
    return {
      feedetl_sn: `${tag}-${i}`,
      med_list_codg: code,
      medins_list_codg: `H-${code.slice(0, 6)}`,
      name: '项目',
      cnt: '1',
      pric,
      det_item_fee_sumamt: pric,
      fee_ocur_time: '2026-11-20 09:10:00',
    };
  });
}

/** Time of each step of one settlement, ms. */
interface Steps {
  readonly open: number;
  readonly upload: number;
  readonly settle: number;
  readonly total: number;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** The bare client: the same national messages straight to the sandbox. */
function bareClient(sandboxUrl: string) {
  let seq = 0;
  let signNo = '';
  const endpoint = `${sandboxUrl}/fsi/api/rsfComIfsService/callService`;
  const call = async (infno: string, input: unknown): Promise<Record<string, unknown>> => {
    seq += 1;
    const msgid = `${FIX.fixmedins_code}20261120${String(Date.now() % 1_000_000).padStart(6, '0')}${String(seq % 10000).padStart(4, '0')}`;
    const r = await postJson(endpoint, {
      infno,
      msgid: `${msgid.slice(0, 26)}${String(seq % 10000).padStart(4, '0')}`,
      mdtrtarea_admvs: FIX.mdtrtarea_admvs,
      insuplc_admdvs: PATIENT.insuplc,
      recer_sys_code: 'YBXT',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'B01',
      opter_name: 'bench',
      inf_time: '2026-11-20 09:00:00',
      fixmedins_code: FIX.fixmedins_code,
      fixmedins_name: FIX.fixmedins_name,
      sign_no: signNo,
      input,
    });
    if (r.infcode !== 0) throw new Error(`bare ${infno}: ${String(r.err_msg)}`);
    return (r.output ?? {}) as Record<string, unknown>;
  };
  return {
    async signIn() {
      const out = await call('9001', { signIn: { opter_no: 'B01', mac: '', ip: '127.0.0.1' } });
      signNo = String((out.signinoutb as { sign_no: string }).sign_no);
    },
    /** One settlement; answers the time of each step, ms. */
    async settleOnce(i: number): Promise<Steps> {
      const t0 = performance.now();
      const begntime = '2026-11-20 09:00:00';
      await call('2001', {
        data: { psn_no: PATIENT.psn_no, insutype: '310', fixmedins_code: FIX.fixmedins_code, med_type: '11', begntime },
      });
      const reg = await call('2201', {
        data: {
          psn_no: PATIENT.psn_no,
          insutype: '310',
          begntime,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: PATIENT.certno,
          ipt_otp_no: `BARE${i}`,
          atddr_no: '',
          dr_name: '',
          dept_code: '',
          dept_name: '',
          caty: '',
        },
      });
      const mdtrt_id = String((reg.data as { mdtrt_id: string }).mdtrt_id);
      await call('2203', { mdtrtinfo: { mdtrt_id, psn_no: PATIENT.psn_no, med_type: '11', begntime }, diseinfo: [] });
      const t1 = performance.now();
      const lines = bill(`BARE${i}`);
      const up = await call('2204', {
        feedetail: lines.map((l) => ({
          ...l,
          mdtrt_id,
          psn_no: PATIENT.psn_no,
          chrg_bchno: 'B0001',
          bilg_dept_codg: '',
          bilg_dept_name: '',
          bilg_dr_codg: '',
          bilg_dr_name: '',
        })),
      });
      const parts = (up.result as Record<string, string | number>[]).reduce<Record<string, Money>>((a, r) => {
        for (const k of ['fulamt_ownpay_amt', 'overlmt_amt', 'preselfpay_amt', 'inscp_scp_amt'])
          a[k] = (a[k] ?? new Money(0)).plus(String(r[k]));
        return a;
      }, {});
      const total = lines.reduce((a, l) => a.plus(l.det_item_fee_sumamt), new Money(0));
      const t2 = performance.now();
      await call('2207', {
        data: {
          psn_no: PATIENT.psn_no,
          mdtrt_cert_type: '02',
          mdtrt_cert_no: PATIENT.certno,
          med_type: '11',
          medfee_sumamt: formatMoney(total),
          psn_setlway: '01',
          mdtrt_id,
          chrg_bchno: 'B0001',
          acct_used_flag: '0',
          insutype: '310',
          fulamt_ownpay_amt: formatMoney(parts.fulamt_ownpay_amt ?? 0),
          overlmt_selfpay: formatMoney(parts.overlmt_amt ?? 0),
          preselfpay_amt: formatMoney(parts.preselfpay_amt ?? 0),
          inscp_scp_amt: formatMoney(parts.inscp_scp_amt ?? 0),
        },
      });
      const t3 = performance.now();
      return { open: t1 - t0, upload: t2 - t1, settle: t3 - t2, total: t3 - t0 };
    },
  };
}

/** The same flow through the adapter's HIS API. */
function adapterClient(apiUrl: string) {
  const h = { Authorization: `Bearer ${TOKEN}` };
  return async (i: number): Promise<Steps> => {
    const t0 = performance.now();
    const v = await postJson(
      `${apiUrl}/api/v1/visits`,
      {
        kind: 'outpatient',
        psn_no: PATIENT.psn_no,
        insutype: '310',
        med_type: '11',
        mdtrt_cert_type: '02',
        mdtrt_cert_no: PATIENT.certno,
        ipt_otp_no: `ADP${i}`,
        begntime: '2026-11-20 09:00:00',
        insuplc_admdvs: PATIENT.insuplc,
      },
      h,
    );
    const t1 = performance.now();
    await postJson(`${apiUrl}/api/v1/visits/${String(v.visit_id)}/fees`, { lines: bill(`ADP${i}`) }, h);
    const t2 = performance.now();
    const s = await postJson(`${apiUrl}/api/v1/visits/${String(v.visit_id)}/settle`, { acct_used_flag: '0' }, h);
    if (s.state !== 'settled') throw new Error(`adapter settle: ${JSON.stringify(s)}`);
    const t3 = performance.now();
    return { open: t1 - t0, upload: t2 - t1, settle: t3 - t2, total: t3 - t0 };
  };
}

/** Runs the benchmark; returns the lines to print. */
export async function runSettleBench(n = 150): Promise<string[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-settle-'));
  const sandbox = await startSandboxOn(path.join(root, 'sandbox'), writeTestScenario());
  const sandboxUrl = sandbox.found.url ?? '';
  const configPath = path.join(root, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      institution: FIX,
      upstream: { url: sandboxUrl, timeout_ms: 10_000 },
      operator: { opter: 'B01', opter_name: 'bench' },
      his_api: { port: 0, token: TOKEN },
      data_dir: path.join(root, 'adapter'),
    }),
  );
  const serve = await startServe(configPath);
  try {
    const bare_ = bareClient(sandboxUrl);
    await bare_.signIn();
    const adapter = adapterClient(serve.found.api ?? '');
    for (let i = 0; i < 10; i++) {
      await bare_.settleOnce(-1 - i);
      await adapter(-1 - i);
    }
    const bare: Steps[] = [];
    const adp: Steps[] = [];
    for (let i = 0; i < n; i++) {
      bare.push(await bare_.settleOnce(i));
      adp.push(await adapter(i));
    }
    const f = (x: number) => String(Math.round(x * 100) / 100);
    const row = (name: string, pick: (s: Steps) => number) => {
      const b50 = percentile(bare.map(pick), 50);
      const a50 = percentile(adp.map(pick), 50);
      const b99 = percentile(bare.map(pick), 99);
      const a99 = percentile(adp.map(pick), 99);
      return `  ${name.padEnd(26)} bare p50 ${f(b50)} / p99 ${f(b99)} ms   adapter p50 ${f(a50)} / p99 ${f(a99)} ms   overhead p50 ${f(a50 - b50)} / p99 ${f(a99 - b99)} ms   ratio p50 ${f(a50 / b50)}`;
    };
    return [
      `settle (50-line outpatient bill, ${n} runs each, interleaved; bare = the same national messages straight to the sandbox)`,
      row('open (2001+2201+2203)', (x) => x.open),
      row('upload (2204, 50 lines)', (x) => x.upload),
      row('settle (2207)', (x) => x.settle),
      row('whole settlement', (x) => x.total),
      '  goal: overhead p50 ≤ 5 ms including the durable journal writes; ratio ≤ 1.15',
    ];
  } finally {
    await serve.stop();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSettleBench(Number(process.argv[2] ?? 150)).then(
    (lines) => console.log(lines.join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
