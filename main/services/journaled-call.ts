/**
 * One place where a use case calls the platform: the call is journaled before it is sent and its
 * outcome after (docs/reliability.md §2), and a non-success outcome becomes a typed error with a code
 * the cashier can read (D-22). Settlement steps pass their own journal hooks instead.
 */
import type { CallJournal, CallResult, PreparedCall } from '../upstream/ports';
import type { JournalEntry, JournalOutcome } from '../store/ports/records';
import type { ServiceDeps } from './service-deps';
import { AppError } from '../../shared/errors/app-error';
import { isKnownErrorCode } from '../../shared/errors/catalog';
import { redactObject } from '../../shared/redact';
import { parseOutput, type Infno, type OutputOf } from '../../shared/protocol/transactions';

/** What a journal row should link to. */
export interface CallLinks {
  readonly visit_id?: string | null;
  readonly settlement_id?: string | null;
  readonly omsgid?: string | null;
}

/** The journal entry of a prepared call; the request is stored redacted. */
export function journalEntryOf(deps: ServiceDeps, p: PreparedCall, links: CallLinks): JournalEntry {
  return {
    call_id: deps.ids.next(),
    msgid: p.msgid,
    infno: p.infno,
    visit_id: links.visit_id ?? null,
    settlement_id: links.settlement_id ?? null,
    omsgid: links.omsgid ?? null,
    request: JSON.stringify(redactObject(p.envelope)),
    created_at: deps.clock.now(),
  };
}

/** The journal outcome of a result (texts already redacted by the client). */
export function journalOutcomeOf(r: CallResult): JournalOutcome {
  return {
    outcome: r.outcome,
    response: r.responseText ?? null,
    err_code: r.errCode ?? null,
    err_msg: r.errMsg ?? null,
    http_status: r.httpStatus ?? null,
    transport_error: r.transportError ?? null,
    ended_at: r.endedAt,
  };
}

/** The plain journal hook: record the attempt, then its outcome. */
export function plainJournal(deps: ServiceDeps, links: CallLinks): CallJournal {
  return {
    beforeSend: async (p) => deps.store.journal.recordAttempt(journalEntryOf(deps, p, links)),
    afterOutcome: async (r) => {
      const applied = await deps.store.journal.recordOutcome(r.msgid, journalOutcomeOf(r));
      if (!applied) deps.log.warn('late reply ignored', { msgid: r.msgid, infno: r.infno, outcome: r.outcome });
    },
  };
}

/** Calls `infno` with the plain journal. */
export async function callJournaled(
  deps: ServiceDeps,
  infno: string,
  input: Readonly<Record<string, unknown>>,
  opts: CallLinks & { insuplc_admdvs?: string },
): Promise<CallResult> {
  return deps.upstream.call(infno, input, {
    journal: plainJournal(deps, opts),
    ...(opts.insuplc_admdvs ? { insuplc_admdvs: opts.insuplc_admdvs } : {}),
  });
}

/**
 * The typed error of a call that did not succeed: a refusal carries the platform's `[CODE]`
 * (unknown codes read as UPSTREAM_REFUSED) and its raw text for IT; NOT_SENT is "unreachable,
 * nothing was sent"; UNKNOWN is a timeout or an unreadable reply.
 */
export function errorOfResult(r: CallResult): AppError {
  switch (r.outcome) {
    case 'DEFINITE_FAIL': {
      const code = r.errCode && isKnownErrorCode(r.errCode) ? r.errCode : 'UPSTREAM_REFUSED';
      return new AppError(code, {
        ...(r.errMsg ? { upstreamErrMsg: r.errMsg } : {}),
        detail: { infno: r.infno, msgid: r.msgid },
      });
    }
    case 'NOT_SENT':
      // A gateway refusal of the sign-in or the token, or a trade the region lacks: say which.
      const named = r.reason === 'gateway-refused' || r.errCode === 'TRANSACTION_NOT_SUPPORTED';
      if (named && r.errCode !== undefined && isKnownErrorCode(r.errCode)) {
        return new AppError(r.errCode, {
          ...(r.errMsg ? { upstreamErrMsg: r.errMsg } : {}),
          detail: { infno: r.infno, reason: r.reason },
        });
      }
      return new AppError('UPSTREAM_UNREACHABLE', { detail: { infno: r.infno, reason: r.reason } });
    case 'UNKNOWN':
      return new AppError(
        r.httpStatus !== undefined && r.httpStatus !== 200 ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_TIMEOUT',
        {
          ...(r.errMsg ? { upstreamErrMsg: r.errMsg } : {}),
          detail: { infno: r.infno, msgid: r.msgid, reason: r.reason },
        },
      );
    case 'SUCCESS':
      return new AppError('INTERNAL', { detail: { infno: r.infno, note: 'not an error' } });
  }
}

/** The typed output of a successful call, or throws the call's error / UPSTREAM_BAD_RESPONSE. */
export function outputOf<K extends Infno>(infno: K, r: CallResult): OutputOf<K> {
  if (r.outcome !== 'SUCCESS') throw errorOfResult(r);
  const parsed = parseOutput(infno, r.output);
  if (!parsed.success) {
    throw new AppError('UPSTREAM_BAD_RESPONSE', {
      detail: { infno, msgid: r.msgid, issues: parsed.issues.slice(0, 5) },
    });
  }
  return parsed.data;
}
