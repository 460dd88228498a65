/** Job types of the settlement core's resolution work (docs/reliability.md §2), enqueued via the outbox. */

/** Reverse a settle whose outcome is unknown (2601 with its msgid). Money job. */
export const REVERSE_SETTLEMENT = 'reverse-settlement';
/** A confirming 2601 after the grace period, when the first reversal found nothing (slow platform). Money job. */
export const CONFIRM_REVERSAL = 'confirm-reversal';
/** Check a cancel whose outcome is unknown with 5203 before anything else. Money job. */
export const CHECK_CANCEL = 'check-cancel';
/** Reverse an admission (2401) whose outcome is unknown. */
export const REVERSE_ADMISSION = 'reverse-admission';
/** Run one day's reconciliation (payload: recon_id). Not a money job: a failed run is recorded as failed. */
export const RECONCILE_DAY = 'reconcile-day';
