/**
 * The upstream client as the current operator (the security issue): every call made inside
 * `runAsOperator` carries that operator in its envelope (`opter`, `opter_name`) and signs in with
 * 9001 as that operator (the client caches sign-ins per operator); calls outside one (background
 * jobs, no roster) keep the configured operator. Each attempt of a money transaction (2207, 2304,
 * 2208, 2305, 2601) also writes one audit row just before it is journaled and sent (S6).
 */
import type { CallContext, CallResult, OperatorRef, UpstreamClient } from '../upstream/ports';
import type { AuditTrail } from '../store/ports/security';
import { currentOperator } from '../security/operator-context';

/** Transactions whose every attempt is audited (S6). */
export const AUDITED_INFNOS: ReadonlySet<string> = new Set(['2207', '2304', '2208', '2305', '2601']);

export interface ActingUpstreamDeps {
  readonly audit: AuditTrail;
  readonly clock: () => number;
  /** The configured operator (config `operator`), who acts when no operator is current. */
  readonly fallback: OperatorRef;
}

export function actingUpstream(inner: UpstreamClient, d: ActingUpstreamDeps): UpstreamClient {
  return {
    async call(infno: string, input: Readonly<Record<string, unknown>>, ctx: CallContext): Promise<CallResult> {
      const op = currentOperator();
      const operator: OperatorRef | undefined =
        ctx.operator ?? (op ? { opter: op.opter, opter_name: op.opter_name } : undefined);
      if (!AUDITED_INFNOS.has(infno)) return inner.call(infno, input, operator ? { ...ctx, operator } : ctx);
      const journal = {
        // The audit row first: if it cannot be written, nothing is journaled and nothing is sent
        // (a journal row left SENDING would be taken for an unknown outcome and reversed).
        beforeSend: async (p: Parameters<CallContext['journal']['beforeSend']>[0], c: CallContext) => {
          await d.audit.append({
            at: d.clock(),
            opter: operator?.opter ?? d.fallback.opter,
            role: op?.role ?? null,
            action: `call.${infno}`,
            target: p.msgid,
            detail: { infno, msgid: p.msgid, ...(typeof input.omsgid === 'string' ? { omsgid: input.omsgid } : {}) },
          });
          await ctx.journal.beforeSend(p, c);
        },
        afterOutcome: (r: CallResult, c: CallContext) => ctx.journal.afterOutcome(r, c),
      };
      return inner.call(infno, input, { ...ctx, journal, ...(operator ? { operator } : {}) });
    },
    signIn: (operator?: OperatorRef) => {
      const op = currentOperator();
      return inner.signIn(operator ?? (op ? { opter: op.opter, opter_name: op.opter_name } : undefined));
    },
    status: () => inner.status(),
  };
}
