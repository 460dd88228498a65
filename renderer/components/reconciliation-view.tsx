/**
 * 对账 (issue 18): daily reconciliation for supervisors and finance — the recent days and their
 * result, a run on demand, the groups (3201) and the differences (3202) with their cause and the
 * fixes allowed, and the day-close report to print or export. Talks only to `window.settlement`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type {
  DifferenceView,
  FixAction,
  ReconDayView,
  ReconciliationView as Run,
} from '../../shared/api/reconciliation';
import type { UiError } from '../lib/error-chain';

/** Props of `ReconciliationView`. */
export interface ReconciliationViewProps {
  readonly bridge: SettlementBridge;
  readonly onError: (e: UiError) => void;
  /** Today's date `yyyy-MM-dd` (China time); the default day is the day before. */
  readonly today: string;
}

const STATE_WORDS: Readonly<Record<Run['state'], string>> = {
  balanced: '已平',
  unbalanced: '不平',
  running: '对账中',
  failed: '对账失败',
};
const KIND_WORDS: Readonly<Record<DifferenceView['kind'], string>> = {
  platform_only: '平台有、本机无',
  local_only: '本机有、平台无',
  amount_differs: '金额不一致',
};
const FIX_WORDS: Readonly<Record<FixAction, string>> = {
  adopt: '以平台为准',
  cancel_at_platform: '在平台撤销',
  mark_local_cancelled: '本机记为已撤销',
  recheck: '向平台核实',
};

function dayBefore(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The 对账 screen. */
export function ReconciliationView({ bridge, onError, today }: ReconciliationViewProps) {
  const [days, setDays] = useState<readonly ReconDayView[]>([]);
  const [date, setDate] = useState(dayBefore(today));
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const loadDays = useCallback(async () => {
    const r = await bridge.listReconciliations({});
    if (r.ok) setDays(r.value);
    else onError({ info: r.error, action: 'listReconciliations' });
  }, [bridge, onError]);

  useEffect(() => {
    void loadDays();
  }, [loadDays]);

  const open = async (recon_id: string): Promise<void> => {
    const r = await bridge.getReconciliation({ recon_id });
    if (r.ok) setRun(r.value);
    else onError({ info: r.error, action: 'getReconciliation' });
  };

  const reconcile = async (): Promise<void> => {
    setBusy(true);
    setNote(null);
    const r = await bridge.reconcile({ stmt_date: date });
    setBusy(false);
    if (r.ok) setRun(r.value);
    else onError({ info: r.error, action: 'reconcile' });
    await loadDays();
  };

  const fix = async (d: DifferenceView, action: FixAction): Promise<void> => {
    if (run === null) return;
    if (reason.trim() === '') {
      setNote('请先填写处理原因。');
      return;
    }
    setBusy(true);
    const r = await bridge.fixDifference({ recon_id: run.recon_id, diff_id: d.diff_id, action, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) {
      onError({ info: r.error, action: 'fixDifference' });
      return;
    }
    setNote(`${d.diff_id}：${r.value.note}`);
    await open(run.recon_id);
    await loadDays();
  };

  const report = async (format: 'html' | 'csv'): Promise<void> => {
    const r = await bridge.dayCloseReport({ stmt_date: run?.stmt_date ?? date, format });
    if (!r.ok) {
      onError({ info: r.error, action: 'dayCloseReport' });
      return;
    }
    const blob = new Blob([r.value.text], { type: format === 'html' ? 'text/html' : 'text/csv' });
    const url = URL.createObjectURL(blob);
    if (format === 'html') window.open(url, '_blank', 'noopener');
    else {
      const a = document.createElement('a');
      a.href = url;
      a.download = r.value.filename;
      a.click();
    }
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <section className="reconciliation-view" data-testid="reconciliation-view" aria-label="对账">
      <h2>对账</h2>
      <div className="recon-run">
        <label>
          对账日期{' '}
          <input
            type="date"
            value={date}
            max={today}
            onChange={(e) => setDate(e.target.value)}
            data-testid="recon-date"
          />
        </label>
        <button type="button" disabled={busy} onClick={() => void reconcile()} data-testid="recon-run">
          {busy ? '正在对账…' : '开始对账'}
        </button>
        <button type="button" onClick={() => void report('html')} data-testid="recon-print">
          打印日结报表
        </button>
        <button type="button" onClick={() => void report('csv')} data-testid="recon-csv">
          导出 CSV
        </button>
      </div>
      <table className="recon-days">
        <thead>
          <tr>
            <th>日期</th>
            <th>结果</th>
            <th>未处理差异</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.recon_id} data-testid="recon-day" data-state={d.state} onClick={() => void open(d.recon_id)}>
              <td>{d.stmt_date}</td>
              <td className={d.state === 'balanced' ? '' : 'attention'}>{STATE_WORDS[d.state]}</td>
              <td>{d.open_differences}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {run ? (
        <div className="recon-detail" data-testid="recon-detail" data-state={run.state}>
          <h3>
            {run.stmt_date} 对账：{STATE_WORDS[run.state]}
          </h3>
          {run.error ? <p className="bad">{run.error}</p> : null}
          <table className="recon-groups">
            <thead>
              <tr>
                <th>险种</th>
                <th>清算类别</th>
                <th>笔数</th>
                <th>医疗费总额</th>
                <th>基金支付</th>
                <th>个人账户</th>
                <th>平台结果</th>
              </tr>
            </thead>
            <tbody>
              {run.groups.map((g) => (
                <tr
                  key={`${g.insutype}/${g.clr_type}/${g.setl_optins}`}
                  data-testid="recon-group"
                  data-balanced={String(g.balanced)}
                >
                  <td>{g.insutype}</td>
                  <td>{g.clr_type}</td>
                  <td>{g.count}</td>
                  <td className="amount">{g.medfee_sumamt}</td>
                  <td className="amount">{g.fund_pay_sumamt}</td>
                  <td className="amount">{g.acct_pay}</td>
                  <td>{g.platform_note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {run.differences.length > 0 ? (
            <>
              <label className="recon-reason">
                处理原因{' '}
                <input
                  value={reason}
                  maxLength={200}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="recon-reason"
                />
              </label>
              {note ? (
                <p className="recon-note" data-testid="recon-note">
                  {note}
                </p>
              ) : null}
              <table className="recon-diffs">
                <thead>
                  <tr>
                    <th>差异</th>
                    <th>类型</th>
                    <th>结算ID</th>
                    <th>本机</th>
                    <th>平台</th>
                    <th>原因</th>
                    <th>处理</th>
                  </tr>
                </thead>
                <tbody>
                  {run.differences.map((d) => (
                    <tr key={d.diff_id} data-testid="recon-diff" data-kind={d.kind}>
                      <td>{d.diff_id}</td>
                      <td>
                        {KIND_WORDS[d.kind]}
                        {d.refd_setl_flag === '1' ? '（撤销）' : ''}
                      </td>
                      <td>{d.setl_id}</td>
                      <td className="amount">{d.local?.medfee_sumamt ?? '—'}</td>
                      <td className="amount">{d.platform?.medfee_sumamt ?? '—'}</td>
                      <td>{d.cause}</td>
                      <td>
                        {d.fixed ? (
                          <span>已处理：{FIX_WORDS[d.fixed.action]}</span>
                        ) : (
                          d.fixes.map((a) => (
                            <button
                              key={a}
                              type="button"
                              disabled={busy}
                              onClick={() => void fix(d, a)}
                              data-testid={`recon-fix-${a}`}
                            >
                              {FIX_WORDS[a]}
                            </button>
                          ))
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
