/**
 * The settlement core's use cases wired together. The composition root builds this once from the
 * ports; the HIS API, the Electron bridge and the queue handlers all call these same objects.
 */
import type { ServiceDeps } from './service-deps';
import { IdentifyService } from './identify-service';
import { VisitService } from './visit-service';
import { FeeService } from './fee-service';
import { SettlementService } from './settlement-service';
import { VisitQuery } from './visit-query';
import { InboxService } from './inbox-service';
import { ResolutionService } from './resolution-service';

export interface Services {
  readonly deps: ServiceDeps;
  readonly identify: IdentifyService;
  readonly visits: VisitService;
  readonly fees: FeeService;
  readonly settlements: SettlementService;
  readonly query: VisitQuery;
  readonly inbox: InboxService;
  readonly resolution: ResolutionService;
}

/** Builds every use case on the given ports. */
export function createServices(deps: ServiceDeps): Services {
  const identify = new IdentifyService(deps);
  const visits = new VisitService(deps, identify);
  const fees = new FeeService(deps, visits);
  const settlements = new SettlementService(deps, visits);
  const query = new VisitQuery(deps, visits, settlements);
  const inbox = new InboxService(deps, visits, fees, query);
  const resolution = new ResolutionService(deps, settlements, visits);
  return { deps, identify, visits, fees, settlements, query, inbox, resolution };
}
