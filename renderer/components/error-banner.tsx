/**
 * An error for the cashier (ui-contract `error-banner`, data-code): the plain message, who has to
 * act and the next step (D-22); the raw text for IT is one click away.
 */
import { useState } from 'react';
import type { UiError } from '../lib/error-chain';
import { actorName } from '../lib/labels';

/** Props of `ErrorBanner`. */
export interface ErrorBannerProps {
  readonly error: UiError;
  readonly onDismiss: () => void;
  /** Offered when the platform refused direct settlement at opening: open again as full self-pay with upload (D-21). */
  readonly onSelfPay?: () => void;
}

/** The banner. */
export function ErrorBanner({ error, onDismiss, onSelfPay }: ErrorBannerProps) {
  const [raw, setRaw] = useState(false);
  const e = error.info;
  const hasRaw = e.upstream_err_msg !== undefined || e.detail !== undefined;
  return (
    <div className={`error-banner actor-${e.actor}`} data-testid="error-banner" data-code={e.code} role="alert">
      <p className="message">{e.message}</p>
      <p className="who">
        需要处理的人：<strong>{actorName(e.actor)}</strong>
        {e.retryable ? <span className="retry">（可以重试）</span> : null}
      </p>
      <p className="hint">下一步：{e.hint}</p>
      <div className="banner-actions">
        {hasRaw || e.code ? (
          <button type="button" className="link" onClick={() => setRaw(!raw)}>
            {raw ? '收起原始信息' : '原始信息'}
          </button>
        ) : null}
        {onSelfPay ? (
          <button type="button" data-testid="self-pay-button" onClick={onSelfPay}>
            改为全自费结算（费用仍上传，患者可申请手工报销）
          </button>
        ) : null}
        <button type="button" className="link" onClick={onDismiss}>
          知道了
        </button>
      </div>
      {raw ? (
        <pre className="raw" data-testid="error-raw">
          {[
            `代码：${e.code}`,
            e.upstream_err_msg ? `平台原文：${e.upstream_err_msg}` : null,
            e.detail !== undefined ? `详情：${JSON.stringify(e.detail, null, 2)}` : null,
          ]
            .filter((x) => x !== null)
            .join('\n')}
        </pre>
      ) : null}
    </div>
  );
}
