/** The visit's settlement state (ui-contract `state-badge`, data-state). */
import type { VisitState } from '../../shared/api/views';
import { stateName } from '../lib/labels';

/** Props of `StateBadge`. */
export interface StateBadgeProps {
  readonly state: VisitState;
}

/** The badge. */
export function StateBadge({ state }: StateBadgeProps) {
  return (
    <span className={`state-badge state-${state}`} data-testid="state-badge" data-state={state} role="status">
      {stateName(state)}
    </span>
  );
}
