/**
 * The local payment scope layer (D-10, D-15, D-16): catalog store and sync, item mapping, split
 * preview and its comparison with the platform. What other layers use is re-exported here.
 */
export { CatalogService } from './catalog-service';
export { CatalogSync } from './catalog-sync';
export type { CatalogSyncDeps, CatalogSyncOptions } from './catalog-sync';
export type {
  CatalogServiceDeps,
  CatalogServiceOptions,
  CatalogStatus,
  CatalogImportResult,
  MappingImportResult,
  MappingEdit,
  SyncStart,
} from './catalog-service';
export { previewBill, PREVIEW_ATTENTIONS } from './preview-bill';
export type { BillPreview, PreviewAttention, PreviewLine, PreviewLineInput, PreviewTotals } from './preview-bill';
export { compareWithPlatform, compareBillWithPlatform } from './compare-with-platform';
export type { DifferenceCode, PlatformLineSplit, PreviewDifference } from './compare-with-platform';
export { buildCatalogIndex, CatalogIndex } from './catalog-index';
export { searchCatalog, MAX_CATALOG_HITS } from './catalog-search';
export type { CatalogQuery } from './catalog-search';
export type { CatalogEntry, CatalogLookup } from './catalog-index';
export { feeCategories, feeCategoryOf, FEE_CATEGORY_CODES } from './fee-categories';
export type { CategoryTotal } from './fee-categories';
export { listMappings } from './mapping-list';
export type { MappingFilter, MappingListEntry, MappingState } from './mapping-list';
export type { ImportResult, RejectedRow, SheetFormat } from './sheet-import';
