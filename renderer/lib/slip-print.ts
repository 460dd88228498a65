/**
 * Printing the settlement slip (issue 18 item 4): the hospital's template (or the default) is
 * filled with the shown settlement and printed through Electron's print dialog. In browser mode
 * there is no Electron printer (`printed: false`, reason `browser`), and the browser's own print
 * dialog prints the slip of components/print-slip.tsx (same figures, the product's layout; a
 * reprint is marked 补打 in both).
 */
import type { HealthView, SettlementView, VisitView } from '../../shared/api/views';
import type { SettlementBridge } from '../../shared/ipc/contract';
import { regionName } from '../../shared/region-names';
import { renderSlip } from '../../shared/slip/slip-template';
import { slipDataOf, type SlipInput } from '../../shared/slip/slip-data';
import { kindName, stateName } from './labels';

/** The slip's input from what the window shows. */
export function slipInputOf(
  visit: VisitView,
  result: SettlementView,
  health: HealthView | null,
  name: string,
  reprint: boolean,
): SlipInput {
  return {
    visit,
    result,
    health,
    name,
    reprint,
    words: {
      kind: kindName(visit.kind),
      state: result.state === 'presettled' ? '预结算' : stateName(result.state),
      insuplc: regionName(visit.insuplc_admdvs, health?.institution.mdtrtarea_admvs),
    },
  };
}

/** Prints through the template and Electron; `fallback` (window.print) when there is no Electron printer. */
export async function printSettlementSlip(
  bridge: Pick<SettlementBridge, 'getSlipTemplate' | 'printSlip'>,
  input: SlipInput,
  fallback: () => void,
): Promise<void> {
  const t = await bridge.getSlipTemplate();
  if (!t.ok) {
    fallback();
    return;
  }
  const r = await bridge.printSlip({ html: renderSlip(t.value.template, slipDataOf(input)) });
  if (!r.ok || (!r.value.printed && r.value.reason === 'browser')) fallback();
}
