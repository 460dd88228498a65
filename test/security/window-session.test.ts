/**
 * The window's sign-in session over a real SQLite roster and audit trail, with a hand-driven clock
 * (S5): sign-in only once a roster exists; lockout after 5 failures for 15 minutes (even with the
 * right password), lifted after; idle sign-out after 10 minutes; every supervisor-only and IT-only
 * bridge action refused for a cashier with ROLE_REQUIRED naming the role, and allowed for that role;
 * calls run as the signed-in operator; reveals and settings changes audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSettlementStore, type OpenedStore } from '../../main/store/sqlite-settlement-store';
import { securityStoreOn } from '../../main/store/security-repository';
import { OperatorRoster, ADMIN_CLI_ACTOR, LOCKOUT_MS } from '../../main/security/operator-roster';
import { windowSession, IDLE_SIGN_OUT_MS, type InnerBridge } from '../../main/app/window-session';
import { currentOperator, requireCurrentRole, runAsOperator } from '../../main/security/operator-context';
import type { SettlementBridge } from '../../shared/ipc/contract';
import type { SecurityStore } from '../../main/store/ports/security';
import { BRIDGE_METHODS } from '../../shared/ipc/contract';
import { ok } from '../../shared/result';

let dir: string;
let opened: OpenedStore;
let security: SecurityStore;
let roster: OperatorRoster;
let now: number;
const calls: { method: string; opter: string | null }[] = [];
/** Settlement states the fake inner bridge reports; settlement S-OWN-C01 was settled by C01. */
const states: Record<string, string> = { 'S-OWN-C01': 'settled', 'S-NA': 'needs_attention', 'S-UNK': 'unknown' };

/** A stand-in for the services: records which operator each call ran as. */
function innerBridge(): InnerBridge {
  const target: Record<string, unknown> = { onEvent: () => () => undefined };
  for (const m of BRIDGE_METHODS) {
    target[m] = async (arg?: { settlement_id?: string }) => {
      calls.push({ method: m, opter: currentOperator()?.opter ?? null });
      return ok(m === 'getSettlement' ? { state: states[arg?.settlement_id ?? ''] ?? 'settled' } : {});
    };
  }
  return target as unknown as InnerBridge;
}

let bridge: SettlementBridge;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'session-'));
  opened = openSettlementStore(path.join(dir, 'adapter.db'));
  security = securityStoreOn(opened.db);
  now = 1_800_000_000_000;
  roster = new OperatorRoster({ operators: security.operators, audit: security.audit, clock: { now: () => now } });
  calls.length = 0;
  bridge = windowSession(innerBridge(), { roster, security, clock: () => now, configured: { opter: 'CFG01' } });
  // C01's settlement: its 2207 journal row names C01.
  opened.db
    .exec(`INSERT INTO visits (visit_id, kind, psn_no, insutype, med_type, insuplc_admdvs, region_kind, mdtrt_cert_type, mdtrt_cert_no, ipt_otp_no, begntime, state, details, created_at, updated_at)
    VALUES ('V1','outpatient','P1','310','11','430100','cross_province','02','x','MZ1','2026-11-20 09:00:00','open','{}',1,1);
    INSERT INTO journal (call_id, msgid, infno, visit_id, state, request, created_at, opter) VALUES ('c1','M1','2207','V1','SUCCESS','{}',1,'C01');
    INSERT INTO settlements (settlement_id, visit_id, mdtrt_id, psn_no, infno, msgid, state, acct_used_flag, bill_total_fen, created_at, updated_at)
    VALUES ('S-OWN-C01','V1','MD1','P1','2207','M1','SETTLED','0',100,1,1);`);
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addAll(): Promise<void> {
  for (const [opter, role] of [
    ['C01', 'cashier'],
    ['C02', 'cashier'],
    ['S01', 'supervisor'],
    ['I01', 'it_admin'],
  ] as const) {
    await roster.add({ opter, opter_name: `${opter}名`, role, password: `pw-${opter}-secret` }, ADMIN_CLI_ACTOR);
  }
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('window session', () => {
  it('without a roster: no sign-in, the configured operator acts, nothing is refused; reveals are still audited', async () => {
    expect((await bridge.whoAmI()).ok && (await bridge.whoAmI())).toMatchObject({
      value: { roster: false, operator: null, idle_sign_out_ms: IDLE_SIGN_OUT_MS },
    });
    expect(code(await bridge.identify({ mdtrt_cert_type: '02', mdtrt_cert_no: 'x' }))).toBe('ok');
    expect(code(await bridge.saveSettings({}))).toBe('ok');
    expect(code(await bridge.cancel({ settlement_id: 'S-OWN-C01', reason: 'r' }))).toBe('ok');
    expect(code(await bridge.revealPatient({ psn_no: 'P1' }))).toBe('ok');
    expect(calls.filter((c) => c.method !== 'getSettlement').every((c) => c.opter === null)).toBe(true);
    const audit = await security.audit.list(0, 10);
    expect(audit.map((r) => [r.action, r.opter, r.target])).toEqual([
      ['settings.save', 'CFG01', null],
      ['patient.reveal', 'CFG01', 'P1'],
    ]);
  });

  it('with a roster: every method but health needs a signed-in operator, and runs as that operator', async () => {
    await addAll();
    for (const m of ['identify', 'listPending', 'getSettings', 'settle'] as const) {
      expect(code(await (bridge[m] as (a: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({}))).toBe(
        'SIGN_IN_REQUIRED',
      );
    }
    expect(code(await bridge.health())).toBe('ok');
    expect(calls.map((c) => c.method)).toEqual(['health']);
    const signed = await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' });
    expect(signed).toMatchObject({
      ok: true,
      value: { roster: true, operator: { opter: 'C01', opter_name: 'C01名', role: 'cashier' } },
    });
    expect(JSON.stringify(signed)).not.toContain('pw-C01');
    expect(code(await bridge.identify({ mdtrt_cert_type: '02', mdtrt_cert_no: 'x' }))).toBe('ok');
    expect(calls.at(-1)).toEqual({ method: 'identify', opter: 'C01' });
    await bridge.signOut();
    expect(code(await bridge.identify({ mdtrt_cert_type: '02', mdtrt_cert_no: 'x' }))).toBe('SIGN_IN_REQUIRED');
    const actions = (await security.audit.list(0, 100)).map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['sign_in.ok', 'sign_out']);
  });

  it('locks an operator for 15 minutes after 5 wrong passwords, even with the right one; audited', async () => {
    await addAll();
    for (let i = 1; i <= 4; i++)
      expect(code(await bridge.signIn({ opter: 'C01', password: `wrong-${i}` }))).toBe('BAD_CREDENTIALS');
    expect(code(await bridge.signIn({ opter: 'C01', password: 'wrong-5' }))).toBe('OPERATOR_LOCKED');
    expect(code(await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' }))).toBe('OPERATOR_LOCKED');
    now += LOCKOUT_MS - 1;
    expect(code(await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' }))).toBe('OPERATOR_LOCKED');
    expect(code(await bridge.signIn({ opter: 'C02', password: 'pw-C02-secret' }))).toBe('ok'); // others unaffected
    now += 2;
    expect(code(await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' }))).toBe('ok');
    // A success resets the count: 4 more failures do not lock.
    for (let i = 1; i <= 4; i++)
      expect(code(await bridge.signIn({ opter: 'C01', password: `again-${i}` }))).toBe('BAD_CREDENTIALS');
    expect(code(await bridge.signIn({ opter: 'NOBODY', password: 'whatever-1' }))).toBe('BAD_CREDENTIALS');
    const actions = (await security.audit.list(0, 100)).map((r) => r.action).filter((a) => a.startsWith('sign_in'));
    expect(actions).toEqual([
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.locked',
      'sign_in.refused',
      'sign_in.refused',
      'sign_in.ok',
      'sign_in.ok',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
    ]);
    expect((await security.audit.verify()).broken).toBeNull();
  });

  it('a role change takes effect at the next sign-in and is audited with the old and new role', async () => {
    await addAll();
    await roster.setRole('C01', 'supervisor', ADMIN_CLI_ACTOR);
    await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' });
    expect(code(await bridge.recheck({ settlement_id: 'S-NA' }))).toBe('ok');
    const row = (await security.audit.list(0, 100)).find((r) => r.action === 'operator.set_role');
    expect(row).toMatchObject({ opter: 'admin-cli', target: 'C01', detail: { from: 'cashier', to: 'supervisor' } });
  });

  it('requireCurrentRole (for reconciliation fixes and other main/app actions) refuses a cashier, passes a supervisor and no roster', async () => {
    const cashier = { opter: 'C01', opter_name: 'a', role: 'cashier' as const };
    await expect(
      runAsOperator(cashier, async () => requireCurrentRole('apply_reconciliation_fix')),
    ).rejects.toMatchObject({
      code: 'ROLE_REQUIRED',
      detail: { role_needed: 'supervisor' },
    });
    await expect(
      runAsOperator({ ...cashier, role: 'supervisor' }, async () => requireCurrentRole('apply_reconciliation_fix')),
    ).resolves.toBeUndefined();
    await expect(
      runAsOperator(null, async () => requireCurrentRole('apply_reconciliation_fix')),
    ).resolves.toBeUndefined();
  });

  it('signs the window out after 10 minutes without a call', async () => {
    await addAll();
    await bridge.signIn({ opter: 'C01', password: 'pw-C01-secret' });
    now += IDLE_SIGN_OUT_MS; // exactly 10 minutes: still signed in, and a call renews the session
    expect(code(await bridge.identify({ mdtrt_cert_type: '02', mdtrt_cert_no: 'x' }))).toBe('ok');
    // The pending list the window polls by itself is no activity.
    for (let i = 0; i < 10; i++) {
      now += IDLE_SIGN_OUT_MS / 10;
      expect(code(await bridge.listPending())).toBe('ok');
    }
    now += 1;
    expect(await bridge.whoAmI()).toMatchObject({ ok: true, value: { operator: null } });
    const r = await bridge.listPending();
    expect(code(r)).toBe('SIGN_IN_REQUIRED');
    const last = (await security.audit.list(0, 100)).at(-1);
    expect(last).toMatchObject({ action: 'sign_out', opter: 'C01', detail: { reason: 'idle' } });
  });

  it('refuses a cashier every supervisor-only and IT-only action, naming the role; allows that role', async () => {
    await addAll();
    const guarded: [string, () => Promise<{ ok: boolean; error?: { code: string; detail?: unknown } }>, string][] = [
      ["cancel another's settlement", () => bridge.cancel({ settlement_id: 'S-OWN-C01', reason: 'r' }), 'supervisor'],
      ['recheck a settlement needing attention', () => bridge.recheck({ settlement_id: 'S-NA' }), 'supervisor'],
      [
        'apply a reconciliation fix',
        () => bridge.fixDifference({ recon_id: 'R1', diff_id: 'D1', action: 'adopt', reason: '平台已结算' } as never),
        'supervisor',
      ],
      [
        'save settings (endpoints, institution, operator)',
        () => bridge.saveSettings({ upstream: { url: 'http://10.0.0.1:8080' } }),
        'it_admin',
      ],
      ['test the connection', () => bridge.testConnection(), 'it_admin'],
      ['diagnostic bundle', () => bridge.diagnosticBundle(), 'it_admin'],
      ["every window's settlements of the day", () => bridge.listSettlements({ scope: 'all' }), 'supervisor'],
      [
        "every window's settlements of one operator",
        () => bridge.listSettlements({ scope: 'all', opter: 'C01' }),
        'supervisor',
      ],
    ];
    const as = async (opter: string) => {
      await bridge.signOut();
      expect(code(await bridge.signIn({ opter, password: `pw-${opter}-secret` }))).toBe('ok');
    };
    await as('C02');
    for (const [what, run, role] of guarded) {
      const r = await run();
      expect(code(r), what).toBe('ROLE_REQUIRED');
      expect(r.error?.detail, what).toMatchObject({ role_needed: role, role: 'cashier' });
    }
    const refused = [
      'cancel',
      'recheck',
      'fixDifference',
      'saveSettings',
      'testConnection',
      'diagnosticBundle',
      'listSettlements',
    ];
    expect(calls.filter((c) => refused.includes(c.method))).toEqual([]);
    // Allowed for the role they need.
    await as('S01');
    for (const g of guarded.filter((x) => x[2] === 'supervisor')) expect(code(await g[1]()), g[0]).toBe('ok');
    expect(code(await guarded[3]![1]())).toBe('ROLE_REQUIRED');
    expect(calls.find((c) => c.method === 'fixDifference')).toEqual({ method: 'fixDifference', opter: 'S01' });
    await as('I01');
    for (const g of guarded.filter((x) => x[2] === 'it_admin')) expect(code(await g[1]()), g[0]).toBe('ok');
    // A cashier may cancel their own settlement and recheck one whose outcome is merely unknown.
    await as('C01');
    expect(code(await bridge.cancel({ settlement_id: 'S-OWN-C01', reason: 'r' }))).toBe('ok');
    expect(code(await bridge.recheck({ settlement_id: 'S-UNK' }))).toBe('ok');
    // A cashier lists this window's settlements (the default scope), by operator too.
    expect(code(await bridge.listSettlements({}))).toBe('ok');
    expect(code(await bridge.listSettlements({ scope: 'window', opter: 'C02' }))).toBe('ok');
    const audit = (await security.audit.list(0, 200)).map((r) => `${r.action}:${r.opter}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        'settings.save:I01',
        'diagnostics.bundle:I01',
        'settlement.recheck:S01',
        'settlement.recheck:C01',
      ]),
    );
  });
});
