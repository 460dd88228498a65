/**
 * Operators' roles and what each may do (the security issue; docs/his-api.md "Operators"). One table
 * decides every refusal, so the HIS API, the window's bridge and later features (reconciliation
 * fixes) refuse the same things with the same code: `ROLE_REQUIRED`, naming the role needed.
 *
 * How to add a guarded action: add its name to `GUARDED_ACTIONS` with the roles allowed, then call
 * `requireRole(operator, 'the_action')` where the action starts (route, bridge method or service).
 */
import { AppError } from '../errors/app-error';

/** 收费员 (cashier), 主管 (supervisor), 信息科 (it_admin). */
export type Role = 'cashier' | 'supervisor' | 'it_admin';

/** All roles, for schemas and the admin command. */
export const ROLES: readonly Role[] = ['cashier', 'supervisor', 'it_admin'];

/** The role's name as the window shows it. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  cashier: '收费员',
  supervisor: '主管',
  it_admin: '信息科',
};

/** An operator acting now: national `opter`/`opter_name` plus the roster's role. */
export interface ActingOperator {
  readonly opter: string;
  readonly opter_name: string;
  readonly role: Role;
}

/**
 * Actions only some roles may take, with the roles allowed (the first is the one named in the
 * refusal). Supervisor actions: cancelling another operator's settlement, resolving or rechecking
 * a settlement in `needs_attention`, applying a reconciliation fix, listing every window's
 * settlements (not only this window's). IT actions: endpoints, keys,
 * devices, catalogs and mappings, settings, the diagnostic bundle, and the roster itself.
 */
export const GUARDED_ACTIONS = {
  cancel_others_settlement: ['supervisor'],
  resolve_needs_attention: ['supervisor'],
  recheck_needs_attention: ['supervisor'],
  apply_reconciliation_fix: ['supervisor'],
  list_all_windows_settlements: ['supervisor'],
  change_settings: ['it_admin'],
  change_endpoints: ['it_admin'],
  manage_keys: ['it_admin'],
  manage_devices: ['it_admin'],
  manage_catalog: ['it_admin'],
  diagnostic_bundle: ['it_admin'],
  manage_operators: ['it_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type GuardedAction = keyof typeof GUARDED_ACTIONS;

/** True when `role` may take `action`. */
export function roleAllows(role: Role, action: GuardedAction): boolean {
  return (GUARDED_ACTIONS[action] as readonly Role[]).includes(role);
}

/**
 * Throws 403 `ROLE_REQUIRED` (detail `{action, role_needed}`) unless the operator may take the
 * action. `null` means "no roster": a fresh install or training runs as the configured operator,
 * who may do everything, as before the roster existed.
 */
export function requireRole(operator: ActingOperator | null, action: GuardedAction): void {
  if (operator === null || roleAllows(operator.role, action)) return;
  const needed = GUARDED_ACTIONS[action][0];
  throw new AppError('ROLE_REQUIRED', {
    message: `此操作需要“${ROLE_LABELS[needed]}”角色，当前操作员是“${ROLE_LABELS[operator.role]}”。`,
    detail: { action, role_needed: needed, role: operator.role },
  });
}
