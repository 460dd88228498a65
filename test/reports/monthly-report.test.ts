/**
 * Monthly declaration reports (issue 18 item 3) on a real SQLite store: the month's rows follow the
 * journal (cancels negative, dated by the cancel; reversed and unknown settles excluded), the
 * summary groups by insutype × clr_type × insured region, and the XLSX, CSV and HTML exports —
 * read back with exceljs and a CSV parser — carry the same totals, with names and ID numbers masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { SqliteReportRepository } from '../../main/store/report-repository';
import { MonthlyReportService, monthlyReportView } from '../../main/services/monthly-report-service';
import {
  buildMonthlyReport,
  REPORT_AMOUNT_KEYS,
  rowsOfSource,
  type ReportSource,
} from '../../main/domain/declaration-report';
import { parseCsv } from '../../shared/csv';
import { cellText } from '../support/xlsx-cell-text';
import { AppError } from '../../shared/errors/app-error';
import { parseFen } from '../../shared/money';
import { seedSettlement, type SeedSettlement } from './report-fixtures';
import { useFieldCipher } from '../../main/store/sealed-columns';
import { createFieldCipher } from '../../main/security/field-cipher';
import { randomBytes } from 'node:crypto';

let dir: string;
let opened: OpenedStore;
let service: MonthlyReportService;

// Hand-set figures (fen). November holds A, B (cancelled in Nov), C (settled in Oct, cancelled in Nov),
// D (reversed), E (unknown); F is in December.
const SEEDS: SeedSettlement[] = [
  {
    id: 'A',
    region: 'cross_province',
    insutype: '310',
    clr_type: '11',
    setl_time: '2026-11-03 10:00:00',
    figures: { medfee_sumamt: 36500, fund_pay_sumamt: 4165, hifp_pay: 4165, acct_pay: 0, psn_cash_pay: 32335 },
  },
  {
    id: 'B',
    region: 'cross_province',
    insutype: '310',
    clr_type: '11',
    setl_time: '2026-11-10 11:00:00',
    then: { kind: 'cancel', at: '2026-11-10 11:30:00' },
    figures: { medfee_sumamt: 10000, fund_pay_sumamt: 6000, hifp_pay: 6000, acct_pay: 1000, psn_cash_pay: 3000 },
  },
  {
    id: 'C',
    region: 'intra_province',
    insutype: '390',
    clr_type: '21',
    setl_time: '2026-10-31 23:50:00',
    then: { kind: 'cancel', at: '2026-11-01 08:00:00' },
    figures: {
      medfee_sumamt: 2344246,
      fund_pay_sumamt: 1800000,
      hifp_pay: 1600000,
      maf_pay: 200000,
      acct_pay: 0,
      psn_cash_pay: 544246,
    },
  },
  {
    id: 'D',
    region: 'local',
    insutype: '310',
    clr_type: '11',
    setl_time: '2026-11-12 09:00:00',
    then: { kind: 'reverse' },
    figures: { medfee_sumamt: 99999, fund_pay_sumamt: 1, hifp_pay: 1, acct_pay: 0, psn_cash_pay: 99998 },
  },
  {
    id: 'E',
    region: 'local',
    insutype: '310',
    clr_type: '11',
    setl_time: '2026-11-12 09:30:00',
    then: { kind: 'unknown' },
    figures: { medfee_sumamt: 88888, fund_pay_sumamt: 1, hifp_pay: 1, acct_pay: 0, psn_cash_pay: 88887 },
  },
  {
    id: 'G',
    region: 'local',
    insutype: '310',
    clr_type: '41',
    setl_time: '2026-11-20 15:00:00',
    figures: { medfee_sumamt: 5650, fund_pay_sumamt: 0, hifp_pay: 0, acct_pay: 5650, psn_cash_pay: 0 },
  },
  {
    id: 'F',
    region: 'local',
    insutype: '310',
    clr_type: '11',
    setl_time: '2026-12-01 09:00:00',
    figures: { medfee_sumamt: 777, fund_pay_sumamt: 0, hifp_pay: 0, acct_pay: 0, psn_cash_pay: 777 },
  },
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'));
  // Figures are sealed at rest as in the product (S3): the report must open them.
  useFieldCipher(opened.db, createFieldCipher(randomBytes(32)));
  // Store times near the platform's dates (the report reads settlements touched around the month).
  let t = Date.parse('2026-10-31T15:00:00Z');
  for (const s of SEEDS) await seedSettlement(opened, s, (t += 60_000));
  service = new MonthlyReportService({
    repo: new SqliteReportRepository(opened.db),
    institution: { fixmedins_code: 'H41020200011', fixmedins_name: '开封市示范第一医院' },
    clock: { now: () => Date.parse('2026-12-05T00:00:00Z') },
  });
});
afterAll(() => {
  opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

// November by hand: A + B − B − C (C's settle is October's) = A − C; G (pharmacy) added.
const NOV = {
  count: 1 + 1 - 1 - 1 + 1, // A, B, −B, −C, G
  medfee: 36500 + 10000 - 10000 - 2344246 + 5650,
  fund: 4165 + 6000 - 6000 - 1800000 + 0,
  acct: 0 + 1000 - 1000 - 0 + 5650,
  cash: 32335 + 3000 - 3000 - 544246 + 0,
};
const yuan = (fen: number): string =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

describe("the month's rows follow the journal", () => {
  it('totals: cancels negative (dated by the cancel), reversed and unknown settles excluded, other months excluded', async () => {
    const raw = opened.db.prepare("SELECT setlinfo FROM settlements WHERE setl_id = 'S-A'").get() as {
      setlinfo: string;
    };
    expect(raw.setlinfo.startsWith('enc1:')).toBe(true);
    const r = await service.report('2026-11');
    expect(r.totals.count).toBe(NOV.count);
    expect(r.totals.amounts.medfee_sumamt).toBe(NOV.medfee);
    expect(r.totals.amounts.fund_pay_sumamt).toBe(NOV.fund);
    expect(r.totals.amounts.acct_pay).toBe(NOV.acct);
    expect(r.totals.amounts.psn_cash_pay).toBe(NOV.cash);
    expect(r.detail.map((d) => `${d.setl_id}/${d.refd_setl_flag}`)).toEqual([
      'S-C/1',
      'S-A/0',
      'S-B/0',
      'S-B/1',
      'S-G/0',
    ]);
    expect(r.detail.some((d) => d.setl_id === 'S-D' || d.setl_id === 'S-E')).toBe(false);
    // Statements: one per settle of the month; B's says it was cancelled.
    expect(r.statements.map((s) => [s.row.setl_id, s.cancelled_at])).toEqual([
      ['S-A', null],
      ['S-B', '2026-11-10 11:30:00'],
      ['S-G', null],
    ]);
    const oct = await service.report('2026-10');
    expect(oct.totals).toMatchObject({ count: 1, amounts: { medfee_sumamt: 2344246, maf_pay: 200000 } });
    const dec = await service.report('2026-12');
    expect(dec.totals.amounts.medfee_sumamt).toBe(777);
  });

  it('summary by insutype × clr_type × insured region (local, intra-province, cross-province)', async () => {
    const r = await service.report('2026-11');
    expect(r.summary.map((g) => [g.insutype, g.clr_type, g.region_kind, g.count, g.amounts.medfee_sumamt])).toEqual([
      ['310', '11', 'cross_province', 1, 36500],
      ['310', '41', 'local', 1, 5650],
      ['390', '21', 'intra_province', -1, -2344246],
    ]);
  });

  it('masks names and ID numbers; the JSON view has 2-decimal strings', async () => {
    const v = monthlyReportView(await service.report('2026-11'));
    expect(v.detail[0]).toMatchObject({ psn_name: '张**', certno: '4301**********031X' });
    expect(v.totals.amounts.medfee_sumamt).toBe(yuan(NOV.medfee));
    expect(JSON.stringify(v)).not.toContain('43010219560302031X');
    expect(JSON.stringify(v)).not.toContain('张建国');
  });

  it('refuses a bad month, naming the field', async () => {
    for (const m of ['2026-13', '2026-1', '11/2026', '']) {
      const e = await service.report(m).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('BAD_REQUEST');
      expect((e as AppError).detail).toEqual({ field: 'month' });
    }
  });
});

describe('exports read back', () => {
  it("XLSX: three sheets; the 合计 rows equal the journal's totals; no unmasked personal data", async () => {
    const file = await service.export('2026-11', 'xlsx');
    expect(file.filename).toBe('declaration-H41020200011-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((file.bytes as Uint8Array).slice().buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总表', '明细表', '结算单']);
    const rowsOf = (i: number): string[][] => {
      const ws = wb.worksheets[i]!;
      const out: string[][] = [];
      for (let r = 1; r <= ws.rowCount; r++)
        out.push(Array.from({ length: ws.columnCount }, (_, c) => cellText(ws.getRow(r).getCell(c + 1).value)));
      return out;
    };
    const summary = rowsOf(0);
    const header = summary[1]!;
    const total = summary[summary.length - 1]!;
    expect(total[0]).toBe('合计');
    expect(total[header.indexOf('结算人次')]).toBe(String(NOV.count));
    expect(total[header.indexOf('医疗费总额(medfee_sumamt)')]).toBe(yuan(NOV.medfee));
    expect(total[header.indexOf('基金支付总额(fund_pay_sumamt)')]).toBe(yuan(NOV.fund));
    expect(total[header.indexOf('个人账户支出(acct_pay)')]).toBe(yuan(NOV.acct));
    expect(total[header.indexOf('个人现金支出(psn_cash_pay)')]).toBe(yuan(NOV.cash));
    const detail = rowsOf(1);
    const dh = detail[1]!;
    const body = detail.slice(2, -1);
    expect(body).toHaveLength(5);
    // The detail rows add up to the total, in fen, exactly.
    const col = dh.indexOf('医疗费总额(medfee_sumamt)');
    expect(body.reduce((s, r) => s + parseFen(r[col]), 0)).toBe(NOV.medfee);
    expect(
      rowsOf(2)
        .slice(2)
        .map((r) => r[1]),
    ).toEqual(['S-A', 'S-B', 'S-G']);
    const all = JSON.stringify([summary, detail, rowsOf(2)]);
    expect(all).not.toContain('张建国');
    expect(all).not.toContain('43010219560302031X');
  });

  it("CSV: each part parses; its 合计 equals the journal's; a BOM for Excel", async () => {
    for (const part of ['summary', 'detail'] as const) {
      const file = await service.export('2026-11', 'csv', part);
      expect(typeof file.bytes).toBe('string');
      const text = file.bytes as string;
      expect(text.startsWith('\uFEFF')).toBe(true);
      const parsed = parseCsv(text.slice(1));
      if (!parsed.ok) throw new Error('csv did not parse');
      const [head, ...rows] = parsed.records.map((r) => r.fields);
      const last = rows[rows.length - 1]!;
      expect(last[0]).toBe('合计');
      expect(last[head!.indexOf('医疗费总额(medfee_sumamt)')]).toBe(yuan(NOV.medfee));
      expect(last[head!.indexOf('个人现金支出(psn_cash_pay)')]).toBe(yuan(NOV.cash));
    }
    const statements = await service.export('2026-11', 'csv', 'statements');
    expect(statements.filename).toBe('declaration-H41020200011-2026-11-statements.csv');
    expect(statements.bytes as string).toContain('已撤销 2026-11-10 11:30:00');
  });

  it('HTML: printable, every statement on its own page, the totals shown, nothing unescaped or unmasked', async () => {
    const file = await service.export('2026-11', 'html');
    const html = file.bytes as string;
    expect(html).toContain('<h1>开封市示范第一医院 2026-11 医保月度申报</h1>');
    expect(html.match(/class="statement"/g)).toHaveLength(3);
    expect(html).toContain(`<td class="n">${yuan(NOV.medfee)}</td>`);
    expect(html).not.toMatch(/<script|https?:\/\//i);
    expect(html).not.toContain('张建国');
  });
});

describe('the rule as a property', () => {
  const amount = fc.integer({ min: -10_000_000, max: 10_000_000 });
  const source = fc.record({
    state: fc.constantFrom(
      'SETTLED',
      'CANCELLED',
      'REVERSED',
      'UNKNOWN',
      'CASH_COLLECTED',
      'NEEDS_ATTENTION',
      'FAILED_DEFINITE',
    ),
    day: fc.integer({ min: 1, max: 60 }),
    cancelDay: fc.integer({ min: 1, max: 60 }),
    region: fc.constantFrom('local', 'intra_province', 'cross_province'),
    insutype: fc.constantFrom('310', '390'),
    medfee: amount,
    fund: amount,
    cash: amount,
  });
  const date = (d: number): string =>
    d <= 30 ? `2026-11-${String(d).padStart(2, '0')}` : `2026-12-${String(d - 30).padStart(2, '0')}`;

  it('summary totals = detail totals = Σ rows of the month; a settle and its cancel in the month cancel out', () => {
    fc.assert(
      fc.property(fc.array(source, { maxLength: 40 }), (xs) => {
        const sources: ReportSource[] = xs.map((x, i) => ({
          settlement_id: `ST${i}`,
          visit_id: `V${i}`,
          state: x.state,
          setl_id: `S${i}`,
          mdtrt_id: `M${i}`,
          setldetail: [],
          setlinfo: {
            setl_time: `${date(x.day)} 10:00:00`,
            insutype: x.insutype,
            clr_type: '11',
            medfee_sumamt: x.medfee,
            fund_pay_sumamt: x.fund,
            psn_cash_pay: x.cash,
          },
          cancel_setlinfo:
            x.state === 'CANCELLED'
              ? { setl_time: `${date(Math.max(x.day, x.cancelDay))} 11:00:00`, medfee_sumamt: -x.medfee }
              : null,
          visit: {
            kind: 'outpatient',
            region_kind: x.region,
            insuplc_admdvs: '430100',
            ipt_otp_no: 'N',
            med_type: '11',
            begntime: '',
            endtime: null,
            dise_codg: null,
            dise_name: null,
          },
        }));
        const r = buildMonthlyReport('2026-11', sources);
        for (const k of REPORT_AMOUNT_KEYS) {
          expect(r.summary.reduce((s, g) => s + g.amounts[k], 0)).toBe(r.totals.amounts[k]);
          expect(r.detail.reduce((s, d) => s + d.amounts[k], 0)).toBe(r.totals.amounts[k]);
        }
        let expected = 0;
        for (const s of sources)
          for (const row of rowsOfSource(s)) if (row.date.startsWith('2026-11-')) expected += row.amounts.medfee_sumamt;
        expect(r.totals.amounts.medfee_sumamt).toBe(expected);
        const inMonth = xs.filter((x) => x.state === 'CANCELLED' && x.day <= 30 && Math.max(x.day, x.cancelDay) <= 30);
        for (const x of inMonth) {
          const i = xs.indexOf(x);
          expect(r.detail.filter((d) => d.setl_id === `S${i}`).reduce((s, d) => s + d.amounts.medfee_sumamt, 0)).toBe(
            0,
          );
        }
        expect(
          r.detail.every((d) =>
            ['SETTLED', 'CANCELLED', 'CASH_COLLECTED', 'NEEDS_ATTENTION'].includes(
              xs[Number(d.settlement_id.slice(2))]!.state,
            ),
          ),
        ).toBe(true);
      }),
    );
  });
});
