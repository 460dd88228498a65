/**
 * The window (adapter instance) recorded on each settlement, so the day's list shows this window's
 * and a supervisor can choose every window's. Configured as `window_id`; by default the PC's host
 * name, which is stable across restarts and distinct between the windows of one hospital.
 */
import { hostname } from 'node:os';

/** Longest window id kept (the config allows 64 characters). */
const MAX_WINDOW_ID = 64;

/** The configured `window_id`, else the host name (bounded), else `window`. */
export function windowIdOf(configured: string | undefined, host: () => string = hostname): string {
  if (configured !== undefined && configured !== '') return configured;
  const h = host().trim().slice(0, MAX_WINDOW_ID);
  return h === '' ? 'window' : h;
}
