/**
 * The named kill points of the crash harness (docs/reliability.md §4 "Named kill points"). Production
 * never sets a hook: services and the transport call an optional `crashPoint` that is undefined
 * unless the harness child (test/harness/crash-child.ts) installs one that SIGKILLs its own process.
 *
 * The store commits PREPARED and SENDING in one step (the settlement row is inserted in SENDING
 * together with its journal row), so the two "commit" points are read as:
 * - `after-prepared-commit`: the attempt is prepared (bill totals read, msgid taken from the
 *   persisted counter) and nothing of the settle is in the journal yet — the last moment before
 *   the SENDING commit;
 * - `after-sending-commit`: the settlement and its journal row are committed in SENDING, not a
 *   byte sent yet;
 * - `after-request-written`: the request bytes were handed to the operating system (transport);
 * - `after-response-before-commit`: a reply (or failure) is in hand, its outcome not yet committed;
 * - `mid-2601`: a reversal was sent and answered, its outcome not yet committed.
 */

/** One named kill point. */
export type CrashPoint =
  | 'after-prepared-commit'
  | 'after-sending-commit'
  | 'after-request-written'
  | 'after-response-before-commit'
  | 'mid-2601';

/** Every named point, in the order a settle passes them (mid-2601 comes from the queue). */
export const CRASH_POINTS: readonly CrashPoint[] = [
  'after-prepared-commit',
  'after-sending-commit',
  'after-request-written',
  'after-response-before-commit',
  'mid-2601',
];

/** A hook called at a named point; a no-op (or absent) outside the crash harness. */
export type CrashPointHook = (name: CrashPoint, infno: string) => void;

/** True when `s` names a crash point. */
export function isCrashPoint(s: string): s is CrashPoint {
  return (CRASH_POINTS as readonly string[]).includes(s);
}
