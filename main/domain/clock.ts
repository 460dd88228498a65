/**
 * The one clock interface of the adapter (docs/architecture.md §1: clocks are injected). Services,
 * the queue and the catalog read time only through it, so tests and harnesses drive time by hand.
 */

/** Wall clock. */
export interface Clock {
  /** Now, epoch milliseconds. */
  now(): number;
}
