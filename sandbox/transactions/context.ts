/**
 * What a transaction handler gets: the ledger, the scenario, the calling institution, the
 * envelope, the clock reading of this call; and what it returns.
 */
import type { SandboxClock, Stamp } from '../clock';
import type { Db } from '../ledger/sql';
import type { ScenarioIndex } from '../scenario/scenario-index';
import type { Institution } from '../scenario/schema';
import type { Reader } from './input-reader';

/** The request envelope's header fields the sandbox uses (docs/protocol.md §1.1). */
export interface Envelope {
  readonly infno: string;
  readonly msgid: string;
  readonly fixmedins_code: string;
  readonly sign_no: string | null;
  readonly insuplc_admdvs: string | null;
  readonly mdtrtarea_admvs: string | null;
}

/** The long-lived state shared by every call. */
export interface SandboxState {
  readonly db: Db;
  readonly index: ScenarioIndex;
  readonly clock: SandboxClock;
  readonly log: (line: string) => void;
}

/** One call as a handler sees it. */
export interface CallContext {
  readonly db: Db;
  readonly index: ScenarioIndex;
  readonly institution: Institution;
  readonly envelope: Envelope;
  readonly msgid: string;
  /** This call's clock reading (business date + China time of day). */
  readonly now: Stamp;
  /** `yyyy-MM-dd HH:mm:ss` of `now`. */
  readonly nowText: string;
  /** The business date, `yyyy-MM-dd`. */
  readonly businessDate: string;
}

/** A handler's answer: the `output` node, and what the message log keeps (person, setl_id/mdtrt_id). */
export interface HandlerResult {
  readonly output: Record<string, unknown>;
  readonly psn_no?: string | null;
  readonly ref?: string | null;
  /** A file answer (9102): sent as the HTTP body instead of the envelope. */
  readonly file?: { readonly filename: string; readonly bytes: Buffer };
}

/** A transaction handler: reads `input`, throws Refusal to refuse, returns the output. */
export type Handler = (ctx: CallContext, input: Reader) => HandlerResult;
