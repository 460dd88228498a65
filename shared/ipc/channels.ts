/**
 * IPC channel names of the bridge methods (docs/architecture.md §5.2): `'domain:verb'`, derived once here
 * from the method names so that the preload and main/app/ipc can never disagree. Kept free of zod
 * so that the preload bundle stays small.
 */

/** Bridge method name → IPC channel. Keys must equal `BRIDGE_METHODS` (checked by a test). */
export const BRIDGE_CHANNELS = {
  identify: 'patient:identify',
  revealPatient: 'patient:reveal',
  listInbox: 'inbox:list',
  listOpenVisits: 'visit:list-open',
  listSettlements: 'settlement:list',
  lookupCatalog: 'catalog:lookup',
  createBill: 'bill:create',
  openVisit: 'visit:open',
  getVisit: 'visit:get',
  uploadFees: 'visit:upload-fees',
  discharge: 'visit:discharge',
  presettle: 'settlement:presettle',
  settle: 'settlement:settle',
  cancel: 'settlement:cancel',
  getSettlement: 'settlement:get',
  listPending: 'pending:list',
  recheck: 'pending:recheck',
  health: 'app:health',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  testConnection: 'settings:test-connection',
  saveGatewaySecret: 'settings:save-gateway-secret',
  diagnosticBundle: 'diagnostics:bundle',
  listReconciliations: 'reconciliation:list',
  getReconciliation: 'reconciliation:get',
  reconcile: 'reconciliation:run',
  fixDifference: 'reconciliation:fix',
  dayCloseReport: 'reconciliation:day-close-report',
  signIn: 'session:sign-in',
  signOut: 'session:sign-out',
  whoAmI: 'session:who-am-i',
  readCard: 'device:read-card',
  deviceSelfTest: 'device:self-test',
  monthlyReport: 'report:monthly',
  exportMonthlyReport: 'report:export-monthly',
  selfPayPack: 'visit:self-pay-pack',
  getSlipTemplate: 'slip:get-template',
  saveSlipTemplate: 'slip:save-template',
  printSlip: 'slip:print',
  saveSlipPdf: 'slip:save-pdf',
} as const satisfies Record<string, `${string}:${string}`>;

/** The method names, as the channel map knows them. */
export type ChannelMethod = keyof typeof BRIDGE_CHANNELS;

/** A bridge IPC channel name. */
export type BridgeChannel = (typeof BRIDGE_CHANNELS)[ChannelMethod];
