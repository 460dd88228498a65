/**
 * Making a bill at the window (F3) for the identified patient when the HIS pushed none: lines
 * typed at a pharmacy counter, or a CSV bill file imported whole. "生成账单" hands the lines to
 * `createBill`; the bill then appears in the visit list and opens like an inbox bill.
 *
 * Keyboard only: Enter moves to the next field, Enter in the unit price adds a row, Enter in the
 * code of an empty last row goes to "生成账单"; Delete in an empty field (or Ctrl+Delete anywhere)
 * removes the row; Esc closes. Amounts are round2(pric × cnt) on decimals (lib/bill-lines).
 */
import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent } from 'react';
import { explain } from '../../shared/errors/catalog';
import type { BillDraft } from '../lib/use-cashier';
import type { UiError } from '../lib/error-chain';
import type { BillRow, BillRowField, RowError } from '../lib/bill-lines';
import {
  BILL_ROW_FIELDS,
  billTotal,
  blankRow,
  formatRowError,
  isBlankRow,
  lineAmount,
  toFeeLines,
} from '../lib/bill-lines';
import { decodeBillFile, readBillFile } from '../lib/bill-file';
import { keyOf } from '../lib/function-keys';
import { Amount } from './amount';
import type { CatalogItemView } from '../../shared/ipc/views';
import { displayDecimal } from '../lib/amount';

/** Props of `BillEntry`. */
export interface BillEntryProps {
  /** The kind the bill starts with (lib/bill-lines `defaultBillKind`). */
  readonly defaultKind: BillDraft['kind'];
  readonly busy: boolean;
  /** Called with complete, checked lines. */
  readonly onCreate: (draft: BillDraft) => void;
  readonly onClose: () => void;
  /** Shows an error in the banner (the error chain's default handler). */
  readonly onError: (e: UiError) => void;
  /** Looks a code or part of a name up in the local catalog (bridge `lookupCatalog`). */
  readonly onLookup?: (q: { readonly code?: string; readonly name?: string }) => Promise<readonly CatalogItemView[]>;
}

/** 甲/乙/丙 in words. */
const CLASS_NAMES: Readonly<Record<string, string>> = { '01': '甲类', '02': '乙类', '03': '丙类（自费）' };

/** How the fields are labelled and found (test ids are this component's own, not ui-contract). */
const FIELD_UI: Readonly<
  Record<BillRowField, { readonly label: string; readonly testId: string; readonly numeric: boolean }>
> = {
  med_list_codg: { label: '医保目录编码（国家编码）', testId: 'bill-entry-code', numeric: false },
  medins_list_codg: { label: '院内编码（可空）', testId: 'bill-entry-hosp-code', numeric: false },
  name: { label: '名称', testId: 'bill-entry-name', numeric: false },
  cnt: { label: '数量', testId: 'bill-entry-cnt', numeric: true },
  pric: { label: '单价（元）', testId: 'bill-entry-pric', numeric: true },
};

/** Most problems listed under the table (all are in the banner's raw details). */
const SHOWN_ERRORS = 50;

/** A local error for the banner: the catalog's text, the first problem, every problem in `detail`. */
function billError(
  code: 'BILL_FILE_REJECTED' | 'BILL_LINES_INVALID',
  errors: readonly RowError[],
  action: string,
  file?: string,
): UiError {
  const e = explain(code);
  const first = errors[0];
  const more = errors.length > 1 ? `（共 ${errors.length} 处）` : '';
  return {
    action,
    info: {
      code,
      message: first ? `${e.message}${formatRowError(first)}${more}` : e.message,
      hint: e.hint,
      actor: e.actor,
      retryable: e.retryable,
      detail: { ...(file !== undefined ? { file } : {}), errors: errors.map(formatRowError) },
    },
  };
}

/** The bill entry panel. */
export function BillEntry({ defaultKind, busy, onCreate, onClose, onError, onLookup }: BillEntryProps) {
  const keySeq = useRef(0);
  const nextKey = (): string => {
    keySeq.current += 1;
    return `r${keySeq.current}`;
  };
  const [kind, setKind] = useState<BillDraft['kind']>(defaultKind);
  const [rows, setRows] = useState<readonly BillRow[]>(() => [blankRow('r0')]);
  const [errors, setErrors] = useState<readonly RowError[]>([]);
  const [fileName, setFileName] = useState<string | null>(null);
  /** Where the focus goes after the next render (a row's field, or the submit button). */
  const [focusTo, setFocusTo] = useState<{ readonly key: string; readonly field: BillRowField | 'submit' } | null>({
    key: 'r0',
    field: 'med_list_codg',
  });
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const submitRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusTo === null) return;
    if (focusTo.field === 'submit') submitRef.current?.focus();
    else inputs.current.get(`${focusTo.key}:${focusTo.field}`)?.focus();
    setFocusTo(null);
  }, [focusTo]);

  const setField = (key: string, field: BillRowField, value: string): void => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  };

  /** The class (甲/乙/丙) of each row's item, once the catalog named it. */
  const [classes, setClasses] = useState<ReadonlyMap<string, string>>(new Map());
  /** Items matching what is typed in a name field (the name search). */
  const [nameHits, setNameHits] = useState<readonly CatalogItemView[]>([]);

  /** Fills the row from the catalog item: name, unit price (the cap) and national code where empty. */
  const fillFrom = (key: string, item: CatalogItemView): void => {
    setRows((rs) =>
      rs.map((r) => {
        if (r.key !== key) return r;
        const pric =
          r.pric.trim() === '' && item.pric_uplmt_amt !== null ? displayDecimal(item.pric_uplmt_amt, 6) : r.pric;
        return {
          ...r,
          med_list_codg:
            r.med_list_codg.trim() === '' || item.medins_list_codg !== null ? item.med_list_codg : r.med_list_codg,
          name: r.name.trim() === '' ? item.name : r.name,
          pric,
        };
      }),
    );
    setClasses((m) => new Map(m).set(key, CLASS_NAMES[item.chrgitm_lv] ?? ''));
  };

  /** A code typed (national or hospital): ask the catalog, fill what it knows. */
  const lookupCode = (key: string, code: string): void => {
    if (!onLookup || code.trim() === '') return;
    void onLookup({ code: code.trim() }).then((hits) => {
      const hit = hits[0];
      if (hit) fillFrom(key, hit);
    });
  };

  /** Part of a name typed: offer the matching items. */
  const searchName = (text: string): void => {
    if (!onLookup || Array.from(text.trim()).length < 2) {
      setNameHits([]);
      return;
    }
    void onLookup({ name: text.trim() }).then(setNameHits);
  };

  const removeRow = (i: number): void => {
    const left = rows.filter((_, j) => j !== i);
    const next = left.length > 0 ? left : [blankRow(nextKey())];
    setRows(next);
    const target = next[Math.min(i, next.length - 1)];
    if (target) setFocusTo({ key: target.key, field: 'med_list_codg' });
  };

  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>, i: number, field: BillRowField): void => {
    const row = rows[i];
    if (!row) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (field === 'med_list_codg' || field === 'medins_list_codg') lookupCode(row.key, e.currentTarget.value);
      if (field === 'name') {
        const chosen = nameHits.find((h) => h.name === e.currentTarget.value.trim());
        if (chosen) fillFrom(row.key, chosen);
      }
      const last = i === rows.length - 1;
      if (field === 'med_list_codg' && last && isBlankRow(row) && rows.some((r) => !isBlankRow(r))) {
        setFocusTo({ key: row.key, field: 'submit' });
        return;
      }
      const at = BILL_ROW_FIELDS.indexOf(field);
      const nextField = BILL_ROW_FIELDS[at + 1];
      if (nextField !== undefined) {
        setFocusTo({ key: row.key, field: nextField });
      } else if (last) {
        const added = blankRow(nextKey());
        setRows((rs) => [...rs, added]);
        setFocusTo({ key: added.key, field: 'med_list_codg' });
      } else {
        const below = rows[i + 1];
        if (below) setFocusTo({ key: below.key, field: 'med_list_codg' });
      }
      return;
    }
    if (e.key === 'Delete' && (e.ctrlKey || e.currentTarget.value === '')) {
      e.preventDefault();
      removeRow(i);
    }
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    void file.arrayBuffer().then((buf) => {
      // Let the same file be chosen again after it was corrected.
      input.value = '';
      const decoded = decodeBillFile(new Uint8Array(buf));
      const read = decoded.ok ? readBillFile(decoded.text, nextKey) : { ok: false as const, errors: [decoded.error] };
      if (!read.ok) {
        // All or nothing: the rows on screen stay as they were.
        setErrors(read.errors);
        onError(billError('BILL_FILE_REJECTED', read.errors, 'importBill', file.name));
        return;
      }
      setRows([...read.rows, blankRow(nextKey())]);
      setErrors([]);
      setFileName(file.name);
      setFocusTo({ key: '', field: 'submit' });
    });
  };

  const submit = (): void => {
    const r = toFeeLines(rows, Date.now());
    if (!r.ok) {
      setErrors(r.errors);
      onError(billError('BILL_LINES_INVALID', r.errors, 'createBill'));
      const first = r.errors[0]?.row;
      const row = first !== null && first !== undefined ? rows[first - 1] : rows[0];
      if (row) setFocusTo({ key: row.key, field: 'med_list_codg' });
      return;
    }
    setErrors([]);
    onCreate({ kind, lines: r.lines });
  };

  const filled = rows.filter((r) => !isBlankRow(r)).length;
  const badRows = new Set(errors.map((e) => e.row));

  return (
    <section
      className="bill-entry"
      data-testid="bill-entry"
      aria-label="录入/导入账单"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header>
        <h2>
          录入 / 导入账单 <kbd>{keyOf('billEntry')}</kbd>
        </h2>
        <label>
          类别{' '}
          <select
            data-testid="bill-entry-kind"
            value={kind}
            disabled={busy}
            onChange={(e) => setKind(e.target.value === 'pharmacy' ? 'pharmacy' : 'outpatient')}
          >
            <option value="pharmacy">药店购药</option>
            {/* A pharmacy has no outpatient visits: the category is not offered there. */}
            {defaultKind === 'pharmacy' ? null : <option value="outpatient">门诊</option>}
          </select>
        </label>
        {/* The browser's own file button speaks the browser's language: it is hidden behind a Chinese one (still focusable). */}
        <label className="bill-file">
          <input type="file" accept=".csv,text/csv" data-testid="bill-entry-file" disabled={busy} onChange={onFile} />
          <span className="bill-file-button">导入 CSV 账单文件…</span>
        </label>
        <span className="note">{fileName !== null ? `已导入：${fileName}` : '未导入文件'}</span>
        <button type="button" className="link" onClick={onClose}>
          关闭 <kbd>Esc</kbd>
        </button>
      </header>
      <p className="note">
        Enter 到下一栏，单价栏按 Enter 新增一行，在空行的编码栏按 Enter 到“生成账单”；空栏按 Delete 或任意栏按
        Ctrl+Delete 删除本行。文件须为 UTF-8 CSV，首行列名
        feedetl_sn,med_list_codg,medins_list_codg,name,cnt,pric,det_item_fee_sumamt（feedetl_sn、det_item_fee_sumamt
        可省），导入会替换表中的行。
      </p>
      <datalist id="catalog-names" data-testid="catalog-names">
        {nameHits.map((h) => (
          <option key={h.med_list_codg} value={h.name}>
            {CLASS_NAMES[h.chrgitm_lv] ?? ''}
          </option>
        ))}
      </datalist>
      <table className="bill-entry-lines">
        <thead>
          <tr>
            <th>行</th>
            {BILL_ROW_FIELDS.map((f) => (
              <th key={f}>{FIELD_UI[f].label}</th>
            ))}
            <th>金额</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key} data-testid="bill-entry-row" data-row={i + 1} className={badRows.has(i + 1) ? 'bad' : ''}>
              <td className="num">{i + 1}</td>
              {BILL_ROW_FIELDS.map((f) => (
                <td key={f} className={`field-${f}`}>
                  <input
                    ref={(el) => {
                      const id = `${r.key}:${f}`;
                      if (el) inputs.current.set(id, el);
                      else inputs.current.delete(id);
                    }}
                    data-testid={FIELD_UI[f].testId}
                    aria-label={`第${i + 1}行 ${FIELD_UI[f].label}`}
                    autoComplete="off"
                    spellCheck={false}
                    inputMode={FIELD_UI[f].numeric ? 'decimal' : 'text'}
                    value={r[f]}
                    disabled={busy}
                    list={f === 'name' ? 'catalog-names' : undefined}
                    onChange={(e) => {
                      setField(r.key, f, e.target.value);
                      if (f === 'name') searchName(e.target.value);
                    }}
                    onBlur={(e) =>
                      f === 'med_list_codg' || f === 'medins_list_codg'
                        ? lookupCode(r.key, e.currentTarget.value)
                        : undefined
                    }
                    onKeyDown={(e) => onFieldKey(e, i, f)}
                  />
                  {f === 'name' && classes.get(r.key) ? (
                    <span className="lv" data-testid="bill-entry-class">
                      {classes.get(r.key)}
                    </span>
                  ) : null}
                </td>
              ))}
              <td className="num">
                <Amount value={lineAmount(r.cnt, r.pric)} testId="bill-entry-amount" />
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  tabIndex={-1}
                  disabled={busy}
                  aria-label={`删除第${i + 1}行`}
                  onClick={() => removeRow(i)}
                >
                  删除
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={BILL_ROW_FIELDS.length + 1}>合计 {filled} 项</td>
            <td className="num">
              <Amount value={billTotal(rows)} testId="bill-entry-total" />
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {errors.length > 0 ? (
        <ul className="bill-entry-errors" data-testid="bill-entry-errors" role="alert">
          {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
            <li key={i}>{formatRowError(e)}</li>
          ))}
          {errors.length > SHOWN_ERRORS ? (
            <li>……还有 {errors.length - SHOWN_ERRORS} 处，见错误提示的“原始信息”。</li>
          ) : null}
        </ul>
      ) : null}
      <div className="bill-entry-actions">
        <button
          type="button"
          className="primary"
          data-testid="bill-entry-submit"
          ref={submitRef}
          disabled={busy || filled === 0}
          onClick={submit}
        >
          生成账单
        </button>
      </div>
    </section>
  );
}
