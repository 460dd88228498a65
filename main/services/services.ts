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
import { FeePreviewService } from './fee-preview-service';
import { WindowLists } from './window-lists';
import { SelfPayPackService } from './self-pay-pack';
import type { CatalogService } from '../catalog';
import type { UploadFeesRequest } from '../../shared/api/requests';
import type { FeeLineRecord } from '../store/ports/records';

/** Uploads a visit's fee lines: with the local preview when a catalog is wired, else plainly. */
export interface FeeUploader {
  upload(visit_id: string, req: UploadFeesRequest): Promise<FeeLineRecord[]>;
}

export interface Services {
  readonly deps: ServiceDeps;
  readonly identify: IdentifyService;
  readonly visits: VisitService;
  readonly fees: FeeService;
  /** What the HIS API and the UI call to upload fees (preview + compare when the catalog is wired). */
  readonly uploader: FeeUploader;
  readonly catalog: CatalogService | null;
  readonly settlements: SettlementService;
  readonly query: VisitQuery;
  readonly inbox: InboxService;
  readonly resolution: ResolutionService;
  /** The window's lists: a patient's open visits, the day's and a patient's recent settlements. */
  readonly lists: WindowLists;
  /** The patient's pack for manual reimbursement after a full self-pay with upload (D-21). */
  readonly selfPay: SelfPayPackService;
}

/** Builds every use case on the given ports; `catalog` adds the local payment scope to uploads. */
export function createServices(deps: ServiceDeps, catalog: CatalogService | null = null): Services {
  const identify = new IdentifyService(deps);
  const visits = new VisitService(deps, identify);
  const fees = new FeeService(deps, visits);
  const settlements = new SettlementService(deps, visits);
  const query = new VisitQuery(deps, visits, settlements);
  const uploader: FeeUploader = catalog ? new FeePreviewService(deps, catalog, fees) : fees;
  const inbox = new InboxService(deps, visits, uploader, query);
  const resolution = new ResolutionService(deps, settlements, visits);
  const lists = new WindowLists(deps, inbox);
  const selfPay = new SelfPayPackService(deps);
  return { deps, identify, visits, fees, uploader, catalog, settlements, query, inbox, resolution, lists, selfPay };
}
