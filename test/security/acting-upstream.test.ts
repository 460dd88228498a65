/**
 * Calls as the current operator (the security issue): inside `runAsOperator` the upstream call
 * carries that operator (envelope and per-operator 9001 are the client's, see
 * test/upstream); outside, the configured one. Each attempt of 2207/2304/2208/2305/2601 writes one
 * audit row after its journal row and before it is sent (S6); other transactions write none; an
 * audit that cannot be written stops the call before sending.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { securityStoreOn } from '../../main/store/security-repository';
import { actingUpstream, AUDITED_INFNOS } from '../../main/app/acting-upstream';
import { runAsOperator } from '../../main/security/operator-context';
import type { CallContext, CallResult, OperatorRef, UpstreamClient } from '../../main/upstream/ports';
import type { AuditTrail } from '../../main/store/ports/security';

let dir: string;
let opened: OpenedStore;
let audit: AuditTrail;
const seen: { infno: string; operator: OperatorRef | undefined; order: string[] }[] = [];

/** A client that runs the journal hooks around a pretend send, recording the order of events. */
const inner: UpstreamClient = {
  async call(infno, input, ctx: CallContext): Promise<CallResult> {
    const order: string[] = [];
    const p = { infno, msgid: `M-${infno}-${seen.length}`, envelope: {}, body: '' };
    await ctx.journal.beforeSend(p, ctx);
    order.push(`audit rows before send: ${(await audit.list(0, 1000)).length}`);
    const r = {
      outcome: 'SUCCESS',
      infno,
      msgid: p.msgid,
      prepared: p,
      output: {},
      reason: 'ok',
      startedAt: 1,
      endedAt: 2,
    } as CallResult;
    await ctx.journal.afterOutcome(r, ctx);
    seen.push({ infno, operator: ctx.operator, order });
    void input;
    return r;
  },
  signIn: async () => undefined,
  status: () => ({ lastSuccessAt: null, lastFailureAt: null, signInAt: null, signedIn: false }),
};
const journal = { beforeSend: async () => undefined, afterOutcome: async () => undefined };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'acting-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'));
  audit = securityStoreOn(opened.db).audit;
  seen.length = 0;
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('acting upstream', () => {
  it('audits one row per money attempt, before sending, naming the operator; none for other calls', async () => {
    const up = actingUpstream(inner, { audit, clock: () => 5, fallback: { opter: 'CFG01', opter_name: '配置' } });
    const c01 = { opter: 'C01', opter_name: '收费员甲', role: 'cashier' as const };
    for (const infno of ['1101', '2207', '2304']) await runAsOperator(c01, () => up.call(infno, {}, { journal }));
    for (const infno of ['2601', '2208', '2305', '5203'])
      await up.call(infno, infno === '2601' ? { omsgid: 'M-OLD' } : {}, { journal });
    expect(seen.map((s) => [s.infno, s.operator?.opter ?? 'configured'])).toEqual([
      ['1101', 'C01'],
      ['2207', 'C01'],
      ['2304', 'C01'],
      ['2601', 'configured'],
      ['2208', 'configured'],
      ['2305', 'configured'],
      ['5203', 'configured'],
    ]);
    const rows = await audit.list(0, 100);
    expect(rows.map((r) => [r.action, r.opter, r.role])).toEqual([
      ['call.2207', 'C01', 'cashier'],
      ['call.2304', 'C01', 'cashier'],
      ['call.2601', 'CFG01', null],
      ['call.2208', 'CFG01', null],
      ['call.2305', 'CFG01', null],
    ]);
    expect(rows[2]?.detail).toEqual({ infno: '2601', msgid: 'M-2601-3', omsgid: 'M-OLD' });
    // Each audited attempt had its row written before the send.
    expect(seen.filter((s) => AUDITED_INFNOS.has(s.infno)).map((s) => s.order[0])).toEqual([
      'audit rows before send: 1',
      'audit rows before send: 2',
      'audit rows before send: 3',
      'audit rows before send: 4',
      'audit rows before send: 5',
    ]);
    expect((await audit.verify()).broken).toBeNull();
  });

  it('stops a money call before sending when its audit row cannot be written', async () => {
    const broken: AuditTrail = {
      ...audit,
      append: async () => {
        throw new Error('disk full');
      },
    };
    const up = actingUpstream(inner, {
      audit: broken,
      clock: () => 5,
      fallback: { opter: 'CFG01', opter_name: '配置' },
    });
    await expect(up.call('2207', {}, { journal })).rejects.toThrow('disk full');
    expect(seen).toEqual([]);
  });
});
