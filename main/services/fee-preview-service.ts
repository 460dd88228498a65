/**
 * The local payment scope around a fee upload (catalog issue, D-10, D-15): before the upload, the
 * national code of each line comes from the item mapping (目录对照) when the HIS did not send one,
 * and the bill is previewed with the local catalog; after it, each line's preview is kept beside
 * the platform's split with every difference and its reason (stale catalog, missing mapping …).
 */
import type { UploadFeesRequest } from '../../shared/api/requests';
import type { CatalogService, PreviewLine } from '../catalog';
import type { ServiceDeps } from './service-deps';
import type { FeeService } from './fee-service';
import type { FeeLineRecord } from '../store/ports/records';
import { compareWithPlatform } from '../catalog';

export class FeePreviewService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly catalog: CatalogService,
    private readonly fees: FeeService,
  ) {}

  /**
   * Previews, uploads and compares. A line whose amount is not price × quantity is refused by the
   * preview with AMOUNT_MISMATCH before anything is sent; an unmapped line without a national code
   * is refused by the upload (UNMAPPED_ITEM).
   */
  async upload(visit_id: string, req: UploadFeesRequest): Promise<FeeLineRecord[]> {
    const preview = await this.catalog.preview(req.lines);
    const bySn = new Map<string, PreviewLine>(preview.lines.map((l) => [l.feedetl_sn, l]));
    const lines = req.lines.map((l) => {
      const code = l.med_list_codg ?? bySn.get(l.feedetl_sn)?.med_list_codg ?? undefined;
      return code ? { ...l, med_list_codg: code } : l;
    });
    const stored = await this.fees.upload(visit_id, { ...req, lines });
    const previews = stored
      .filter((l) => bySn.has(l.feedetl_sn))
      .map((l) => {
        const p = bySn.get(l.feedetl_sn) as PreviewLine;
        const differences = l.platform ? compareWithPlatform(p, l.platform) : [];
        return {
          feedetl_sn: l.feedetl_sn,
          preview: {
            fulamt_ownpay_amt: p.fulamt_ownpay_amt,
            overlmt_amt: p.overlmt_amt,
            preselfpay_amt: p.preselfpay_amt,
            inscp_scp_amt: p.inscp_scp_amt,
            chrgitm_lv: p.chrgitm_lv ?? '',
            med_chrgitm_type: p.med_chrgitm_type ?? '',
            selfpay_prop: p.selfpay_prop ?? '0.0000',
            pric_uplmt_amt: p.pric_uplmt_amt,
            attention: p.attention,
            catalog_version: preview.catalog_version,
            differences: differences.map((d) => ({
              field: d.field,
              preview: d.preview,
              platform: d.platform,
              reason: d.reason,
              code: d.code,
            })),
          },
        };
      });
    if (previews.length > 0) await this.deps.store.fees.setPreviews(visit_id, previews);
    return this.deps.store.fees.forVisit(visit_id);
  }
}
