/**
 * A CallJournal for tests that records every hook call in order, with the monotonic time of
 * `beforeSend` (compare with the test server's `firstByteAt` to prove journal-before-send).
 */
import type { CallContext, CallJournal, CallResult, PreparedCall } from '../../main/upstream/ports';

/** One recorded hook call. */
export type JournalEvent =
  | { readonly hook: 'beforeSend'; readonly prepared: PreparedCall; readonly at: bigint; readonly ctx: CallContext }
  | { readonly hook: 'afterOutcome'; readonly result: CallResult; readonly at: bigint; readonly ctx: CallContext };

/** A recording journal; `failBeforeSend` makes beforeSend throw (simulated store failure). */
export interface RecordingJournal extends CallJournal {
  readonly events: JournalEvent[];
  failBeforeSend: boolean;
}

/** A fresh recording journal. */
export function createRecordingJournal(): RecordingJournal {
  const j: RecordingJournal = {
    events: [],
    failBeforeSend: false,
    beforeSend: async (prepared, ctx) => {
      // Simulate a commit that takes a moment, so ordering is really tested.
      await new Promise((r) => setTimeout(r, 5));
      if (j.failBeforeSend) throw new Error('SQLITE_FULL: database or disk is full');
      j.events.push({ hook: 'beforeSend', prepared, at: process.hrtime.bigint(), ctx });
    },
    afterOutcome: async (result, ctx) => {
      j.events.push({ hook: 'afterOutcome', result, at: process.hrtime.bigint(), ctx });
    },
  };
  return j;
}
