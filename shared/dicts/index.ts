/** The dictionaries of docs/protocol.md §3 with Chinese names; `dictName` shows unknown codes raw. */
export * from './dict';
export * from './mdtrt-cert-type';
export * from './psn-cert-type';
export * from './insutype';
export * from './med-type';
export * from './med-chrgitm-type';
export * from './chrgitm-lv';
export * from './fund-pay-type';
export * from './clr-type';
export * from './psn-setlway';
export * from './gend';
export * from './dscg-way';
export * from './diag-type';
export * from './psn-insu-stas';
export * from './registration-kind';
export * from './flags';
