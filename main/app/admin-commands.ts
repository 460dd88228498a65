/**
 * `npm run admin -- …`: IT's commands at the machine, without the window (docs/his-api.md "Operators"):
 *
 *   operator add --opter CODE --name NAME --role cashier|supervisor|it_admin --data DIR   (password on stdin)
 *   operator list --data DIR [--json]
 *   operator disable --opter CODE --data DIR
 *   operator set-role --opter CODE --role cashier|supervisor|it_admin --data DIR
 *   operator reset-password --opter CODE --data DIR                                       (password on stdin)
 *   audit verify --data DIR          prints the rows checked; exits 1 naming the first row that breaks the chain
 *   audit export --data DIR --out FILE   the whole trail as JSON lines, for an auditor
 *
 * Every roster change writes an audit row (actor `admin-cli`). Exit codes: 0 done, 1 refused or the
 * chain is broken, 2 bad usage. Nothing personal is printed; passwords are never echoed.
 */
import { writeFileSync } from 'node:fs';
import { openSettlementStore } from '../store/sqlite-settlement-store';
import { securityStoreOn } from '../store/security-repository';
import { OperatorRoster, ADMIN_CLI_ACTOR } from '../security/operator-roster';
import { ROLES, type Role } from '../../shared/access/roles';
import { toErrorInfo } from '../../shared/errors/app-error';
import { ensurePrivateDir, storeFilePath } from './secure-store';

/** Where the commands read and write (injected by tests). */
export interface AdminIo {
  /** The whole of standard input (the password), read only when a command needs it. */
  readStdin(): Promise<string>;
  out(line: string): void;
  err(line: string): void;
  now(): number;
}

const USAGE = [
  '用法: npm run admin -- <命令> --data 数据目录',
  '  operator add --opter 编码 --name 姓名 --role cashier|supervisor|it_admin   （密码从标准输入读取）',
  '  operator list [--json]',
  '  operator disable --opter 编码',
  '  operator set-role --opter 编码 --role cashier|supervisor|it_admin',
  '  operator reset-password --opter 编码   （新密码从标准输入读取）',
  '  audit verify',
  '  audit export --out 文件',
].join('\n');

/** Longest stdin read for a password, bytes. */
const MAX_STDIN = 4096;

function flags(argv: readonly string[]): { words: string[]; opts: Map<string, string | true> } {
  const words: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--')) {
      const v = argv[i + 1];
      if (v !== undefined && !v.startsWith('--')) {
        opts.set(a.slice(2), v);
        i++;
      } else opts.set(a.slice(2), true);
    } else words.push(a);
  }
  return { words, opts };
}

/** The password: the first line of stdin, without its line ending. */
function passwordOf(stdin: string): string {
  return stdin.slice(0, MAX_STDIN).split(/\r?\n/)[0] ?? '';
}

/** Runs one admin command; resolves with the exit code. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const { words, opts } = flags(argv);
  const str = (k: string): string | null => (typeof opts.get(k) === 'string' ? (opts.get(k) as string) : null);
  const data = str('data');
  const cmd = words.join(' ');
  if (opts.has('help') || cmd === '' || data === null) {
    (data === null && cmd !== '' ? io.err : io.out)(
      data === null && cmd !== '' ? `缺少 --data 数据目录\n${USAGE}` : USAGE,
    );
    return cmd === '' || opts.has('help') ? 0 : 2;
  }
  const known = [
    'operator add',
    'operator list',
    'operator disable',
    'operator set-role',
    'operator reset-password',
    'audit verify',
    'audit export',
  ];
  if (!known.includes(cmd)) {
    io.err(`未知命令: ${cmd}\n${USAGE}`);
    return 2;
  }
  process.umask(0o077);
  ensurePrivateDir(data);
  const opened = openSettlementStore(storeFilePath(data));
  try {
    const security = securityStoreOn(opened.db);
    const roster = new OperatorRoster({ operators: security.operators, audit: security.audit, clock: { now: io.now } });
    const need = (k: string): string => {
      const v = str(k);
      if (v === null) throw new UsageError(`缺少 --${k}`);
      return v;
    };
    switch (cmd) {
      case 'operator add': {
        const role = need('role');
        if (!ROLES.includes(role as Role)) throw new UsageError(`--role 应为 ${ROLES.join('、')}`);
        const s = await roster.add(
          {
            opter: need('opter'),
            opter_name: need('name'),
            role: role as Role,
            password: passwordOf(await io.readStdin()),
          },
          ADMIN_CLI_ACTOR,
        );
        io.out(`operator added: ${s.opter} (${s.role})`);
        return 0;
      }
      case 'operator list': {
        const list = await roster.list();
        if (opts.has('json')) io.out(JSON.stringify(list));
        else {
          io.out(`${list.length} operator(s)`);
          for (const o of list)
            io.out(
              [
                o.opter,
                o.opter_name,
                o.role,
                o.active ? 'active' : 'disabled',
                o.locked_until && o.locked_until > io.now() ? 'locked' : '',
              ]
                .join('\t')
                .trimEnd(),
            );
        }
        return 0;
      }
      case 'operator disable':
        await roster.disable(need('opter'), ADMIN_CLI_ACTOR);
        io.out(`operator disabled: ${need('opter')}`);
        return 0;
      case 'operator set-role': {
        const role = need('role');
        if (!ROLES.includes(role as Role)) throw new UsageError(`--role 应为 ${ROLES.join('、')}`);
        await roster.setRole(need('opter'), role as Role, ADMIN_CLI_ACTOR);
        io.out(`role set: ${need('opter')} (${role})`);
        return 0;
      }
      case 'operator reset-password':
        await roster.resetPassword(need('opter'), passwordOf(await io.readStdin()), ADMIN_CLI_ACTOR);
        io.out(`password reset: ${need('opter')}`);
        return 0;
      case 'audit verify': {
        const v = await security.audit.verify();
        if (v.broken === null) {
          io.out(`audit verify: ${v.checked} rows checked, chain intact`);
          return 0;
        }
        io.out(`audit verify: ${v.checked} rows checked`);
        io.err(`audit verify: chain broken at row ${v.broken.seq} (${v.broken.reason})`);
        return 1;
      }
      case 'audit export': {
        const out = need('out');
        const lines: string[] = [];
        for (let after = 0; ;) {
          const page = await security.audit.list(after, 5_000);
          if (page.length === 0) break;
          for (const r of page) lines.push(JSON.stringify(r));
          after = page[page.length - 1]?.seq ?? after;
        }
        writeFileSync(out, lines.length > 0 ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
        io.out(`audit export: ${lines.length} rows written`);
        return 0;
      }
      default:
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    const info = toErrorInfo(e);
    io.err(`${info.code}: ${info.message}`);
    return 1;
  } finally {
    opened.close();
  }
}

class UsageError extends Error {}
