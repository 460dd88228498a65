/**
 * The device self-test of the IT settings: checks the card reader step by step (load the vendor
 * library, find its read function, read one card) and shows each step in plain Chinese. Card data
 * is never shown here.
 */
import { useState } from 'react';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { DeviceSelfTestView } from '../../shared/ipc/views';
import type { UiError } from '../lib/error-chain';

/** Props of `DeviceSelfTest`. */
export interface DeviceSelfTestProps {
  readonly bridge: SettlementBridge;
  readonly onError: (e: UiError) => void;
}

const READER_NAMES: Readonly<Record<string, string>> = { none: '未配置', simulated: '模拟读卡器', library: '读卡库' };

/** The self-test section. */
export function DeviceSelfTest({ bridge, onError }: DeviceSelfTestProps) {
  const [result, setResult] = useState<DeviceSelfTestView | null>(null);
  const [running, setRunning] = useState(false);
  return (
    <section className="device-self-test" data-testid="device-self-test" aria-label="设备自检">
      <h3>设备自检</h3>
      <button
        type="button"
        data-testid="device-self-test-button"
        disabled={running}
        onClick={() => {
          setRunning(true);
          setResult(null);
          void bridge.deviceSelfTest().then((r) => {
            setRunning(false);
            if (r.ok) setResult(r.value);
            else onError({ info: r.error, action: 'deviceSelfTest' });
          });
        }}
      >
        {running ? '正在自检…' : '读卡器自检'}
      </button>
      {result ? (
        <div data-testid="device-self-test-result" data-ok={result.ok ? 'true' : 'false'}>
          <p>
            读卡器：{READER_NAMES[result.reader] ?? result.reader}，{result.ok ? '正常' : '有问题'}
          </p>
          <ol>
            {result.steps.map((s, i) => (
              <li
                key={i}
                className={s.ok ? 'ok' : 'bad'}
                data-testid="device-self-test-step"
                data-ok={s.ok ? 'true' : 'false'}
              >
                {s.ok ? '✓' : '✗'} {s.name}：{s.detail}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
