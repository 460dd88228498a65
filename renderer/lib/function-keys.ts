/**
 * The function keys of the cashier window: every main action has one, so the whole flow works
 * without a mouse (D-24). One table, shown on the buttons and in the key hint bar.
 */

/** The actions bound to keys. */
export type KeyAction =
  | 'newPatient'
  | 'billEntry'
  | 'pending'
  | 'presettle'
  | 'settle'
  | 'discharge'
  | 'cancel'
  | 'print'
  | 'settings'
  | 'today'
  | 'reconciliation';

/** Key → action. F3, F5, F6 are taken from the browser (find, reload, address bar) by preventDefault. */
export const FUNCTION_KEYS: Readonly<Record<string, KeyAction>> = {
  F2: 'newPatient',
  F3: 'billEntry',
  F4: 'pending',
  F5: 'presettle',
  F6: 'settle',
  F7: 'discharge',
  F8: 'cancel',
  F9: 'print',
  F10: 'settings',
  /** 今日结算: the window's settlements of the day. */
  F11: 'today',
  /** 对账: daily reconciliation (supervisors, finance). */
  F12: 'reconciliation',
};

/** The key of an action, for labels (`预结算 F5`). */
export function keyOf(action: KeyAction): string {
  for (const [k, a] of Object.entries(FUNCTION_KEYS)) if (a === action) return k;
  return '';
}
