/**
 * Who may change which settings: the one place the rule lives (issue 14 item 9). The platform
 * endpoint and the institution decide where every settlement goes, so the cashier window shows
 * them read-only; once the security issue's IT role (`it_admin`) exists, only IT changes them.
 * The renderer asks this module which fields to lock, and the bridge refuses a patch that touches
 * them, so the two can never disagree.
 */
import type { SettingsPatch } from './ipc/contract';

/** A role of the person at the window. `it_admin` arrives with the security issue. */
export type SettingsRole = 'cashier' | 'it_admin';

/** The role of the cashier window today (no sign-in yet): a cashier. */
export const WINDOW_ROLE: SettingsRole = 'cashier';

/** The settings fields that only IT may change. */
export const IT_ONLY_FIELDS = ['url', 'fixmedins_code', 'fixmedins_name', 'mdtrtarea_admvs'] as const;

/** Whether `role` may change the endpoint and the institution. */
export function mayChangeEndpoint(role: SettingsRole): boolean {
  return role === 'it_admin';
}

/** Whether a settings patch touches a field only IT may change. */
export function touchesItOnlyFields(patch: SettingsPatch): boolean {
  return patch.upstream?.url !== undefined || patch.institution !== undefined;
}
