/**
 * The job type of a fee upload accepted while the platform was unreachable (offline mode, issue
 * item 4). Its payload names the visit only; the handler re-reads the visit's pending lines.
 */

/** Send a visit's pending fee lines (2301) once the link is back. Not a money job: nothing is settled. */
export const UPLOAD_FEES = 'upload-fees';

/** Attempts before the upload is given up (its lines stay pending and visible on the visit). */
export const UPLOAD_FEES_MAX_ATTEMPTS = 20;

/** How long a queued upload waits while the platform is still unreachable, ms (spends no attempt). */
export const UPLOAD_OFFLINE_WAIT_MS = 2_000;
