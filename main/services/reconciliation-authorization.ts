/**
 * Who may apply a reconciliation fix (docs/his-api.md: supervisor only). One small hook so the
 * operators/roles work can wire the real role check in one place: it is given the acting
 * operator and the roster, and allows everything while no roster exists (stand-alone sites
 * without operator accounts, training).
 */

/** The operator acting, as the HIS API or the window knows them. */
export interface ReconActor {
  /** Operator id, or `his` for a call with the HIS token only. */
  readonly opter: string;
  /** The role the roster gives them, when a roster exists. */
  readonly role?: string | null;
}

/** The roster as this check needs it: null while no operator roster is configured. */
export type RosterLookup = () => Promise<{ readonly roleOf: (opter: string) => string | null } | null>;

/** Roles that may apply a fix. */
export const FIX_ROLES: readonly string[] = ['supervisor'];

/** True when `actor` may apply a reconciliation fix. */
export async function mayFixReconciliation(actor: ReconActor, roster: RosterLookup): Promise<boolean> {
  const r = await roster();
  if (r === null) return true;
  const role = actor.role ?? r.roleOf(actor.opter);
  return role !== null && FIX_ROLES.includes(role);
}

/** No roster (the default until operator roles are wired). */
export const NO_ROSTER: RosterLookup = async () => null;
