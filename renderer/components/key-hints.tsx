/** The key hint bar: every function key and what it does. */
import { FUNCTION_KEYS } from '../lib/function-keys';
import type { KeyAction } from '../lib/function-keys';

const LABELS: Readonly<Record<KeyAction, string>> = {
  newPatient: '新患者',
  billEntry: '录入/导入账单',
  pending: '待处理',
  presettle: '预结算',
  settle: '结算',
  discharge: '出院登记',
  cancel: '撤销',
  print: '打印',
  settings: '设置',
  today: '今日结算',
  reconciliation: '对账',
};

/** The hint bar. */
export function KeyHints() {
  return (
    <footer className="key-hints" aria-label="快捷键">
      {Object.entries(FUNCTION_KEYS).map(([key, action]) => (
        <span key={key}>
          <kbd>{key}</kbd> {LABELS[action]}
        </span>
      ))}
      <span>
        <kbd>↑↓</kbd> 选择就诊 <kbd>Enter</kbd> 打开/确认 <kbd>Esc</kbd> 返回
      </span>
    </footer>
  );
}
